#ifndef FREEZEDRILL_FAKES_SURFACES_WORKER_H_
#define FREEZEDRILL_FAKES_SURFACES_WORKER_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "fakes/surfaces/background_actor.h"
#include "fakes/surfaces/surface.h"
#include "sim/runtime/prng.h"

namespace freezedrill {

// The queue a worker takes jobs from: `backlog` jobs at t = 0, then a
// producer that adds one job at each arrival of produce_rate in
// [produce_from, produce_until). Arrivals are Poisson from the producer's own
// stream ("<name>/producer") after a random phase, or evenly spaced with
// `arrivals: "fixed"`. Jobs are numbered from 1 in the order they are added.
class JobBacklog {
 public:
  JobBacklog(const SurfaceSpec& spec, SurfaceContext& context);

  // Adds the initial jobs and schedules the producer.
  void start();

  bool empty() const { return jobs_.empty(); }
  std::uint64_t take();

 private:
  void add_job();
  void schedule_arrival(Micros t);
  Micros next_gap();

  Runtime& runtime_;
  int initial_;
  Micros mean_interval_;  // 0: no producer
  bool fixed_arrivals_;
  Micros from_;
  Micros until_;
  Prng rng_;
  std::deque<std::uint64_t> jobs_;
  std::uint64_t added_ = 0;
};

// A queue worker under a supervisor. The worker starts at t = 0 and records
// worker_started (restart 0). Its loop checks the flag at once and then every
// `poll`. When the flag is on, the worker exits, as a queue worker stops in
// maintenance mode. When the flag is off and the backlog has a job, it takes
// one: a unit "job" that upserts "<name>-job-<n>" straight into the vector
// sink `job_duration` later and then finishes. A job longer than `poll`
// delays the next check to its end.
//
// The supervisor restarts an exited worker after a backoff that starts at
// restart_backoff.base and doubles up to restart_backoff.cap, back to base
// after a job finishes; each start records worker_started with the number
// of restarts so far. Nothing is scheduled at or after the run's end.
//
// Defects: worker_never_rechecks checks the flag only at each start, so a
// worker started before the window keeps taking jobs in it;
// supervisor_busy_loop restarts an exited worker with no backoff, which
// spins while the flag is on. The busy loop is capped at one restart per
// kBusyRestartDelay of virtual time to keep runs bounded.
class QueueWorker final : public Surface {
 public:
  // 20 ms, so 50 restarts per second: five times drains' default limit of
  // 10 polls or restarts per second, before counting the polls.
  static constexpr Micros kBusyRestartDelay = 20 * kMicrosPerMilli;

  QueueWorker(const SurfaceSpec& spec, SurfaceContext& context);

  std::string_view name() const override { return actor_.name(); }
  void start() override;

 private:
  void start_worker();
  void poll();
  bool flag_stops_worker();
  void take_job(Micros polled_at);
  void schedule_poll(Micros t);
  void exit_worker();
  Micros restart_delay() const;

  Runtime& runtime_;
  BackgroundActor actor_;
  WorkerSpec spec_;
  Micros duration_;
  JobBacklog backlog_;
  bool rechecks_flag_;
  bool backs_off_;
  bool checked_since_start_ = false;
  std::uint32_t starts_ = 0;
  int restarts_since_job_ = 0;
};

// The surface factory for kind "worker": one worker with its backlog.
std::vector<std::unique_ptr<Surface>> make_workers(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_WORKER_H_
