#ifndef FREEZEDRILL_SIM_RUNNER_FAULT_INJECTOR_H_
#define FREEZEDRILL_SIM_RUNNER_FAULT_INJECTOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "fakes/deployment/reference_deployment.h"
#include "fakes/surfaces/surface.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// Schedules the scenario's faults (and those --chaos adds) on the world: one
// handler per fault kind. Faults that change the deployment call it, and it
// records fault_injected; the others (flag_cleared, cron_at_start,
// straddling_write) act as the chaos actor and record fault_injected here.
// Every fault runs at its `at` in the control lane, so at one instant it
// precedes actor events, and a fault at S or E scheduled before the flip
// runs before it.
class FaultInjector {
 public:
  FaultInjector(Runtime& runtime, ReferenceDeployment& deployment, const Scenario& scenario,
                std::vector<Surface*> surfaces);

  void schedule(const FaultSpec& fault);

 private:
  void flag_cleared(const FaultSpec& fault);
  void purge_failing(const FaultSpec& fault);
  void cron_at_start(const FaultSpec& fault);
  void straddling_write(const FaultSpec& fault);
  void record_fault(const FaultSpec& fault);
  void record_given_up(std::uint64_t op_id, const std::string& key);

  Runtime& runtime_;
  ReferenceDeployment& deployment_;
  const Scenario& scenario_;
  std::vector<Surface*> surfaces_;
  std::uint64_t writes_ = 0;  // straddling writes sent so far
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNNER_FAULT_INJECTOR_H_
