#ifndef FREEZEDRILL_SIM_CHECKS_BACKOFF_BOUNDED_H_
#define FREEZEDRILL_SIM_CHECKS_BACKOFF_BOUNDED_H_

#include "sim/checks/check.h"

namespace freezedrill {

// backoff_bounded: the clients' retries stay bounded, judged against the
// check's options and never against the clients' own retry configuration.
// Six rules, combined with worst(): attempts per operation, the delay before
// each retry, giving up when Retry-After exceeds max_wait, the herd after E,
// the amplification of the window's writes and the per-actor retry budget.
// Operations are grouped as retry_after_respected groups them, replays
// excluded. Not applicable when the history has no client request.
class BackoffBoundedCheck : public Check {
 public:
  std::string_view name() const override { return "backoff_bounded"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override;
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_BACKOFF_BOUNDED_H_
