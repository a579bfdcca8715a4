#ifndef FREEZEDRILL_SIM_RUNNER_OPERATOR_H_
#define FREEZEDRILL_SIM_RUNNER_OPERATOR_H_

#include "fakes/deployment/reference_deployment.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// The operator following the runbook: phase changes, the flip on at S and
// off at E, the closure notice after the soak, the replay of the intent
// queue after it, and the scheduled faults. Everything it does runs in the control
// lane, so at one instant it precedes actor events.
class Operator {
 public:
  Operator(Runtime& runtime, ReferenceDeployment& deployment, const Scenario& scenario);

  // Schedules the whole plan. Call once, at t = 0, before surfaces start.
  void schedule();

 private:
  void schedule_faults();
  void schedule_closure();
  void post_closure();
  void at(Micros t, Runtime::Callback fn);

  Runtime& runtime_;
  ReferenceDeployment& deployment_;
  const Scenario& scenario_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNNER_OPERATOR_H_
