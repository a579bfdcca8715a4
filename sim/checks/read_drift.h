#ifndef FREEZEDRILL_SIM_CHECKS_READ_DRIFT_H_
#define FREEZEDRILL_SIM_CHECKS_READ_DRIFT_H_

#include "sim/checks/check.h"

namespace freezedrill {

// read_drift: the answers of read probes do not drift during the window.
// Each probe's reference is its last successful answer before S, and its
// noise floor the largest Delta S of its answers before S against that
// reference. Window answers are those in [S, E), E being the final end.
// Fails when a window answer rises more than max_rise above its probe's
// noise floor, when the least-squares slope of the batch means is above
// max_slope per batch, on any chaotic lambda step, or on max_divergent
// divergent steps in a row. Failed probe answers are skipped. Not
// applicable when the history has no probe_answered event.
class ReadDriftCheck : public Check {
 public:
  std::string_view name() const override { return "read_drift"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override;
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_READ_DRIFT_H_
