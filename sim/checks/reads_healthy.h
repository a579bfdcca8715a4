#ifndef FREEZEDRILL_SIM_CHECKS_READS_HEALTHY_H_
#define FREEZEDRILL_SIM_CHECKS_READS_HEALTHY_H_

#include "sim/checks/check.h"

namespace freezedrill {

// reads_healthy: client reads stay within the error budget and the latency
// bound against the baseline. Reads are placed by send time in the baseline
// [warm_up, S - announce_lead) or the judged span [S, E + soak). The judged
// error rate may exceed the baseline's by error_budget ppm at most, and the
// judged p99 may be at most max(p99_ratio * baseline p99, baseline p99 + 1 ms).
// In maintenance mode reads sent in [S, E) must be refused with 503 and a
// valid Retry-After, and latency is not judged. Not applicable when the
// history has no client read at all.
class ReadsHealthyCheck : public Check {
 public:
  std::string_view name() const override { return "reads_healthy"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override;
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_READS_HEALTHY_H_
