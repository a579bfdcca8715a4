#ifndef FREEZEDRILL_SIM_RUNNER_OPERATOR_H_
#define FREEZEDRILL_SIM_RUNNER_OPERATOR_H_

#include <memory>
#include <string_view>
#include <vector>

#include "fakes/deployment/reference_deployment.h"
#include "fakes/surfaces/surface.h"
#include "sim/runner/escalation_monitor.h"
#include "sim/runner/fault_injector.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// The operator following the runbook. It records the phase changes and
// announces the window (banner and status post) at S - announce_lead. At S
// it sets the flag and purges the banner cache. It applies scheduled and
// triggered window extensions, clears the flag and takes the banner down at
// E, posts the closure notice once every instance has seen the flag off and
// the soak has passed, and then starts the replay of the intent queue. It
// also injects the scheduled faults. Everything it does runs in the control
// lane, so at one instant it precedes actor events.
class Operator {
 public:
  // `surfaces` are the world's surfaces, which faults such as cron_at_start act on.
  Operator(Runtime& runtime, ReferenceDeployment& deployment, const Scenario& scenario,
           std::vector<Surface*> surfaces = {});

  // Schedules the whole plan. Call once, at t = 0, before surfaces start.
  void schedule();

 private:
  void schedule_faults();
  void schedule_extensions();
  void at(Micros t, Runtime::Callback fn);

  // The window end step for `end`; it does nothing if an extension has
  // moved the end since it was scheduled.
  void schedule_window_end(Micros end);
  void end_window();
  void extend_window(Micros new_end, std::string_view by);

  // Escalation: from S until the end in force, look at the monitoring every
  // `escalation.every` and extend by `extend_by` when a trigger fires.
  void watch_at(Micros t);

  // The closure waits until every instance's view has caught up with the
  // store and the soak has run from the last view change.
  void close_when_settled();

  // The runbook's closure step: the closure notice (banner and status post),
  // then the replay of kept intents.
  void post_closure_notice();

  // How often the operator looks again while an instance has not yet seen
  // the flag off.
  static constexpr Micros kSettleRecheck = 100 * kMicrosPerMilli;

  Runtime& runtime_;
  ReferenceDeployment& deployment_;
  const Scenario& scenario_;
  FaultInjector faults_;
  std::unique_ptr<EscalationMonitor> monitor_;  // null without window.escalation
  int escalations_ = 0;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNNER_OPERATOR_H_
