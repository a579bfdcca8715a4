#ifndef FREEZEDRILL_SIM_CHECKS_DRAINS_H_
#define FREEZEDRILL_SIM_CHECKS_DRAINS_H_

#include "sim/checks/check.h"

namespace freezedrill {

// drains: background work stops for the window without spinning. Fails on
// any unit of work (batch, job run, migration step, compaction) started in
// [S + drain_grace, E), E being the final end after extensions, whether or
// not it writes. A unit starts only after its flag check passes, so an early
// return is not a start. Also fails on any actor with more than
// max_poll_rate flag polls plus worker restarts in some [t, t + 1 s).
// Not applicable when the history has no work_started, no flag_polled
// outside the service layer's guard and no worker_started.
class DrainsCheck : public Check {
 public:
  std::string_view name() const override { return "drains"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override;
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_DRAINS_H_
