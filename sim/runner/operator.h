#ifndef FREEZEDRILL_SIM_RUNNER_OPERATOR_H_
#define FREEZEDRILL_SIM_RUNNER_OPERATOR_H_

#include <memory>

#include "fakes/deployment/reference_deployment.h"
#include "sim/runner/escalation_monitor.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// The operator following the runbook. It records the phase changes and
// announces the window (banner and status post) at S - announce_lead. At S
// it sets the flag and purges the banner cache. It applies scheduled and
// triggered window extensions, clears the flag and takes the banner down at
// E, and posts the closure notice once the last instance has seen the flag
// off and the soak has passed. It also injects the scheduled faults.
// Everything it does runs in the control lane, so at one instant it precedes
// actor events.
class Operator {
 public:
  Operator(Runtime& runtime, ReferenceDeployment& deployment, const Scenario& scenario);

  // Schedules the whole plan. Call once, at t = 0, before surfaces start.
  void schedule();

 private:
  void schedule_faults();
  void schedule_extensions();
  void schedule_purge_failing(const FaultSpec& fault);
  void at(Micros t, Runtime::Callback fn);

  // The window end step for `end`; it does nothing if an extension has
  // moved the end since it was scheduled.
  void schedule_window_end(Micros end);
  void end_window();
  void extend_window(Micros new_end, std::string_view by);

  // Escalation: from S until the end in force, look at the monitoring every
  // `escalation.every` and extend by `extend_by` when a trigger fires.
  void watch_at(Micros t);

  // The runbook's closure step: writes have been re-enabled on every
  // instance and the soak has passed, so the closure notice goes out. The
  // replay of kept intents belongs right after it.
  void post_closure_notice();

  Runtime& runtime_;
  ReferenceDeployment& deployment_;
  const Scenario& scenario_;
  std::unique_ptr<EscalationMonitor> monitor_;  // null without window.escalation
  int escalations_ = 0;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNNER_OPERATOR_H_
