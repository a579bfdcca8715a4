#include "fakes/surfaces/cron_job.h"

#include <utility>

namespace freezedrill {
namespace {

constexpr std::string_view kJobUnit = "job";

}  // namespace

CronJob::CronJob(const SurfaceSpec& spec, SurfaceContext& context, std::string actor_name)
    : runtime_(context.runtime),
      actor_(context.runtime, context.deployment, std::move(actor_name)),
      spec_(spec.cron),
      duration_(context.scenario.duration),
      checks_flag_(!defect_on(context.scenario, "cron_ignores_flag")) {}

void CronJob::start() { schedule_after(runtime_.now()); }

void CronJob::schedule_after(Micros after) {
  std::optional<Micros> fire = spec_.schedule.next_fire(after, runtime_.epoch_unix(), duration_);
  if (!fire) return;
  runtime_.schedule_at(*fire, Runtime::Lane::kActor, [this] { on_fire(); });
}

void CronJob::on_fire() {
  schedule_after(runtime_.now());
  trigger();
}

bool CronJob::trigger() {
  if (!(checks_flag_ && actor_.flag_on())) run_job();
  return true;
}

void CronJob::run_job() {
  std::uint64_t unit_id = actor_.start_unit(kJobUnit);
  for (int i = 0; i < spec_.writes; ++i) {
    Micros offset = spec_.job_duration * i / spec_.writes;
    runtime_.schedule_after(offset, [this, unit_id, i] {
      std::string key = actor_.name() + "-" + std::to_string(unit_id) + "-" + std::to_string(i);
      actor_.write(ProtectedSink::kKv, std::move(key), actor_.name(), "put");
    });
  }
  runtime_.schedule_after(spec_.job_duration, [this, unit_id] { actor_.finish_unit(kJobUnit, unit_id); });
}

std::vector<std::unique_ptr<Surface>> make_cron_jobs(const SurfaceSpec& spec, SurfaceContext& context) {
  std::vector<std::unique_ptr<Surface>> jobs;
  if (spec.cron.entry_points.empty()) {
    jobs.push_back(std::make_unique<CronJob>(spec, context, spec.name));
    return jobs;
  }
  for (const std::string& entry : spec.cron.entry_points) {
    jobs.push_back(std::make_unique<CronJob>(spec, context, spec.name + "/" + entry));
  }
  return jobs;
}

}  // namespace freezedrill
