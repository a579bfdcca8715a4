#ifndef FREEZEDRILL_SIM_CHECKS_RETRY_AFTER_RESPECTED_H_
#define FREEZEDRILL_SIM_CHECKS_RETRY_AFTER_RESPECTED_H_

#include "sim/checks/check.h"

namespace freezedrill {

// retry_after_respected: a client waits for the deadline a Retry-After sets
// before the next attempt of the same operation. An operation is (actor,
// idempotency key), or (actor, op_id) for a request without a key; replays
// are excluded. Only 423, 429 and 503 responses with a valid Retry-After
// set a deadline, and the latest such response replaces earlier ones. The
// next attempt sent before the deadline fails and one sent at it passes.
// An operation with no next attempt gave up, which complies. Not applicable
// when no response set a deadline.
class RetryAfterRespectedCheck : public Check {
 public:
  std::string_view name() const override { return "retry_after_respected"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override;
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_RETRY_AFTER_RESPECTED_H_
