#include "fakes/surfaces/checkpointed_job.h"

#include <string>
#include <utility>

namespace freezedrill {
namespace {

std::vector<std::unique_ptr<Surface>> make_jobs(const SurfaceSpec& spec, SurfaceContext& context,
                                                CheckpointedJobKind kind) {
  std::vector<std::unique_ptr<Surface>> jobs;
  jobs.push_back(std::make_unique<CheckpointedJob>(spec, context, std::move(kind)));
  return jobs;
}

}  // namespace

CheckpointedJob::CheckpointedJob(const SurfaceSpec& spec, SurfaceContext& context, CheckpointedJobKind kind)
    : runtime_(context.runtime),
      actor_(context.runtime, context.deployment, spec.name),
      kind_(std::move(kind)),
      spec_(spec.stepped),
      duration_(context.scenario.duration),
      defect_(defect_on(context.scenario, kind_.defect)) {}

void CheckpointedJob::start() { schedule_at(runtime_.now(), &CheckpointedJob::on_check); }

void CheckpointedJob::schedule_at(Micros t, void (CheckpointedJob::*step)()) {
  if (t >= duration_) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this, step] { (this->*step)(); });
}

// The job's flag check, as the defect leaves it.
bool CheckpointedJob::flag_on() {
  if (defect_ && kind_.defect_effect == CheckpointedJobKind::Defect::kNeverChecks) return false;
  if (defect_ && checked_once_) return false;
  checked_once_ = true;
  return actor_.flag_on();
}

// Before the first step, and while paused: start the step once the flag is off.
void CheckpointedJob::on_check() {
  if (flag_on()) {
    schedule_at(runtime_.now() + spec_.poll, &CheckpointedJob::on_check);
    return;
  }
  start_step();
}

void CheckpointedJob::start_step() {
  if (next_step_ >= spec_.steps) return;
  unit_id_ = actor_.start_unit(kind_.unit);
  schedule_at(runtime_.now() + spec_.step, &CheckpointedJob::on_checkpoint);
}

// The end of a step: commit it and go on, or pause without committing.
void CheckpointedJob::on_checkpoint() {
  if (flag_on()) {
    actor_.finish_unit(kind_.unit, unit_id_, "paused");
    schedule_at(runtime_.now() + spec_.poll, &CheckpointedJob::on_check);
    return;
  }

  std::string key = kind_.key_prefix + actor_.name() + "-" + std::to_string(next_step_);
  actor_.write(kind_.sink, std::move(key), actor_.name(), kind_.mutation);
  actor_.finish_unit(kind_.unit, unit_id_);
  ++next_step_;
  start_step();
}

std::vector<std::unique_ptr<Surface>> make_compactions(const SurfaceSpec& spec, SurfaceContext& context) {
  return make_jobs(spec, context,
                   CheckpointedJobKind{"compaction", "compact", "segment:", ProtectedSink::kKv, "compaction_not_paused",
                                       CheckpointedJobKind::Defect::kNeverChecks});
}

std::vector<std::unique_ptr<Surface>> make_migrations(const SurfaceSpec& spec, SurfaceContext& context) {
  return make_jobs(spec, context,
                   CheckpointedJobKind{"migration_step", "migrate", "migration:", ProtectedSink::kKv,
                                       "migration_not_paused", CheckpointedJobKind::Defect::kChecksOnceAtStart});
}

}  // namespace freezedrill
