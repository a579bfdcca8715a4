#ifndef FREEZEDRILL_FAKES_SURFACES_CHECKPOINTED_JOB_H_
#define FREEZEDRILL_FAKES_SURFACES_CHECKPOINTED_JOB_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/surfaces/background_actor.h"
#include "fakes/surfaces/surface.h"

namespace freezedrill {

// What distinguishes one kind of checkpointed job from another.
struct CheckpointedJobKind {
  std::string unit;        // "compaction", "migration_step"
  std::string mutation;    // "compact", "migrate"
  std::string key_prefix;  // the key of step n is <key_prefix><actor>-<n>
  ProtectedSink sink = ProtectedSink::kKv;
  // The defect that switches the job's flag checks off, and how.
  std::string defect;
  enum class Defect { kNeverChecks, kChecksOnceAtStart } defect_effect = Defect::kNeverChecks;
};

// A long job (a compaction, a schema migration) of spec.stepped.steps steps,
// started at t = 0. Each step is a unit of work lasting `step`, and the end
// of a step is a checkpoint, where the job checks the flag:
//
// - flag off: it commits the step (one write of `mutation` to `sink`),
//   finishes the unit with outcome "done" and starts the next step at once;
// - flag on: it commits nothing, finishes the unit with outcome "paused" and
//   checks again every `poll`; the first check that finds the flag off
//   starts the paused step again as a new unit.
//
// The job also checks before its first step. So the step in flight at S
// pauses at its checkpoint, no step starts in the window and nothing is
// written in it, and the job resumes after E where it stopped. It ends when
// every step is committed or the run ends.
//
// With kind.defect on, the job never checks the flag (kNeverChecks) or
// checks it before its first step only (kChecksOnceAtStart), so it keeps
// starting and committing steps through the window.
class CheckpointedJob final : public Surface {
 public:
  CheckpointedJob(const SurfaceSpec& spec, SurfaceContext& context, CheckpointedJobKind kind);

  std::string_view name() const override { return actor_.name(); }
  void start() override;

 private:
  bool flag_on();
  void schedule_at(Micros t, void (CheckpointedJob::*step)());
  void on_check();
  void start_step();
  void on_checkpoint();

  Runtime& runtime_;
  BackgroundActor actor_;
  CheckpointedJobKind kind_;
  SteppedJobSpec spec_;
  Micros duration_;
  bool defect_;
  bool checked_once_ = false;
  int next_step_ = 0;        // the step in flight or the next to start, from 0
  std::uint64_t unit_id_ = 0;  // the unit of the step in flight
};

// The surface factories for kinds "compaction" and "migration": one job per spec.
std::vector<std::unique_ptr<Surface>> make_compactions(const SurfaceSpec& spec, SurfaceContext& context);
std::vector<std::unique_ptr<Surface>> make_migrations(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_CHECKPOINTED_JOB_H_
