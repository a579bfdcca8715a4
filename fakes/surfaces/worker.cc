#include "fakes/surfaces/worker.h"

#include <algorithm>
#include <string>

#include "sim/runtime/distributions.h"

namespace freezedrill {
namespace {

constexpr std::string_view kJobUnit = "job";

}  // namespace

JobBacklog::JobBacklog(const SurfaceSpec& spec, SurfaceContext& context)
    : runtime_(context.runtime),
      initial_(spec.worker.backlog),
      mean_interval_(spec.worker.produce_rate ? spec.worker.produce_rate->mean_interval() : 0),
      fixed_arrivals_(spec.fixed_arrivals),
      from_(spec.worker.produce_from),
      until_(spec.worker.produce_until.value_or(context.scenario.duration)),
      rng_(context.runtime.stream(spec.name + "/producer")) {}

void JobBacklog::start() {
  for (int i = 0; i < initial_; ++i) add_job();
  if (mean_interval_ <= 0) return;
  schedule_arrival(std::max(from_, runtime_.now()) + uniform_int(rng_, 0, mean_interval_ - 1));
}

std::uint64_t JobBacklog::take() {
  std::uint64_t job = jobs_.front();
  jobs_.pop_front();
  return job;
}

void JobBacklog::add_job() { jobs_.push_back(++added_); }

void JobBacklog::schedule_arrival(Micros t) {
  if (t >= until_) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] {
    add_job();
    schedule_arrival(runtime_.now() + next_gap());
  });
}

Micros JobBacklog::next_gap() {
  if (fixed_arrivals_) return mean_interval_;
  return exponential_micros(rng_, mean_interval_);
}

QueueWorker::QueueWorker(const SurfaceSpec& spec, SurfaceContext& context)
    : runtime_(context.runtime),
      actor_(context.runtime, context.deployment, spec.name),
      spec_(spec.worker),
      duration_(context.scenario.duration),
      backlog_(spec, context),
      rechecks_flag_(!defect_on(context.scenario, "worker_never_rechecks")),
      backs_off_(!defect_on(context.scenario, "supervisor_busy_loop")) {}

void QueueWorker::start() {
  backlog_.start();
  start_worker();
}

void QueueWorker::start_worker() {
  runtime_.record(ev::WorkerStarted{runtime_.history().intern(actor_.name()), starts_, kNoInstance});
  ++starts_;
  checked_since_start_ = false;
  poll();
}

void QueueWorker::poll() {
  if (flag_stops_worker()) {
    exit_worker();
    return;
  }
  if (backlog_.empty()) {
    schedule_poll(runtime_.now() + spec_.poll);
    return;
  }
  take_job(runtime_.now());
}

// The check before every job. The defect keeps only the first check after a start.
bool QueueWorker::flag_stops_worker() {
  if (!rechecks_flag_ && checked_since_start_) return false;
  checked_since_start_ = true;
  return actor_.flag_on();
}

void QueueWorker::take_job(Micros polled_at) {
  std::uint64_t job = backlog_.take();
  std::uint64_t unit_id = actor_.start_unit(kJobUnit);

  runtime_.schedule_after(spec_.job_duration, [this, job, unit_id, polled_at] {
    actor_.write(ProtectedSink::kVectors, actor_.name() + "-job-" + std::to_string(job), actor_.name(), "upsert");
    actor_.finish_unit(kJobUnit, unit_id);
    restarts_since_job_ = 0;
    schedule_poll(std::max(polled_at + spec_.poll, runtime_.now()));
  });
}

void QueueWorker::schedule_poll(Micros t) {
  if (t >= duration_) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { poll(); });
}

void QueueWorker::exit_worker() {
  Micros restart_at = runtime_.now() + restart_delay();
  ++restarts_since_job_;
  if (restart_at >= duration_) return;
  runtime_.schedule_at(restart_at, Runtime::Lane::kActor, [this] { start_worker(); });
}

// base · 2^(restarts since the last job), at most cap.
Micros QueueWorker::restart_delay() const {
  if (!backs_off_) return kBusyRestartDelay;
  Micros delay = spec_.restart_base;
  for (int i = 0; i < restarts_since_job_ && delay < spec_.restart_cap; ++i) delay *= 2;
  return std::min(delay, spec_.restart_cap);
}

std::vector<std::unique_ptr<Surface>> make_workers(const SurfaceSpec& spec, SurfaceContext& context) {
  std::vector<std::unique_ptr<Surface>> workers;
  workers.push_back(std::make_unique<QueueWorker>(spec, context));
  return workers;
}

}  // namespace freezedrill
