#ifndef FREEZEDRILL_FAKES_SURFACES_BACKGROUND_ACTOR_H_
#define FREEZEDRILL_FAKES_SURFACES_BACKGROUND_ACTOR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "fakes/deployment/reference_deployment.h"
#include "sim/history/history.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// The bookkeeping shared by background jobs that write straight to storage:
// their own flag checks, units of work and direct writes, recorded under the
// actor's name. Such a job runs outside any instance, so its events name
// none. A correct job calls flag_on() before every unit and starts the unit
// only when the flag is off.
class BackgroundActor {
 public:
  BackgroundActor(Runtime& runtime, ReferenceDeployment& deployment, std::string name);

  const std::string& name() const { return name_; }

  // Reads the flag store and records flag_polled (from_store). Returns true
  // while writes are frozen. `guard` marks a read that a call arriving
  // caused, like the service layer's guard, rather than the actor's own
  // polling, so drains' busy-loop rule does not count it.
  bool flag_on(bool guard = false);

  // Records work_started for a new unit and returns its id, counted from 1
  // per actor.
  std::uint64_t start_unit(std::string_view unit);
  // Records work_finished with `outcome`: "done", or "paused" for a unit
  // stopped at a checkpoint without committing.
  void finish_unit(std::string_view unit, std::uint64_t unit_id, std::string_view outcome = "done");

  // Applies a mutation of `kind` straight to `sink`, with this actor as its
  // origin and no request id.
  void write(ProtectedSink sink, std::string key, std::string value, std::string kind);

 private:
  Runtime& runtime_;
  ReferenceDeployment& deployment_;
  std::string name_;
  StrId actor_;
  std::uint64_t units_ = 0;
};

// True when the scenario switches on the defect `name`.
bool defect_on(const Scenario& scenario, std::string_view name);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_BACKGROUND_ACTOR_H_
