#ifndef FREEZEDRILL_FAKES_SURFACES_CRON_JOB_H_
#define FREEZEDRILL_FAKES_SURFACES_CRON_JOB_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/surfaces/background_actor.h"
#include "fakes/surfaces/surface.h"

namespace freezedrill {

// One entry point of a cron surface: a script that the scheduler (or an
// HTTP trigger, or a CLI) starts at every fire of spec.cron.schedule. Each
// run checks the flag first and returns early while it is on. Otherwise it
// starts a unit "job" that writes spec.cron.writes keys straight to the KV
// sink, write i at i · job_duration / writes after the start, and finishes
// the unit job_duration after the start. Runs may overlap when a job lasts
// longer than the gap between fires. Fires come only before the run's end.
//
// With the defect cron_ignores_flag the run skips its flag check.
class CronJob final : public Surface {
 public:
  CronJob(const SurfaceSpec& spec, SurfaceContext& context, std::string actor_name);

  std::string_view name() const override { return actor_.name(); }
  void start() override;
  // A fire outside the schedule: the same flag check, then the job.
  bool trigger() override;

 private:
  void schedule_after(Micros after);
  void on_fire();
  void run_job();

  Runtime& runtime_;
  BackgroundActor actor_;
  CronSpec spec_;
  Micros duration_;
  bool checks_flag_;
};

// The surface factory for kind "cron": one job per entry point, named
// "<name>/<entry point>", or one named after the surface without entry
// points.
std::vector<std::unique_ptr<Surface>> make_cron_jobs(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_CRON_JOB_H_
