#ifndef FREEZEDRILL_SIM_CHECKS_WRITE_STATUS_H_
#define FREEZEDRILL_SIM_CHECKS_WRITE_STATUS_H_

#include "sim/checks/check.h"

namespace freezedrill {

// write_status: judges the responses to client write requests (replays
// excluded) by their send time. Writes sent in [S + fence_grace, E), E being
// the final end, must get 423 or 503 with exactly one valid Retry-After in
// [1, max_retry_after] seconds, matching the declared policy if there is one,
// and the same error code everywhere. Critical endpoints under
// queue.ack "202" are skipped there. Writes sent at or after
// E + reenable_within must not get a 423 or 503 carrying the freeze code.
// Not applicable when the history has no client write at all.
class WriteStatusCheck : public Check {
 public:
  std::string_view name() const override { return "write_status"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override;
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_WRITE_STATUS_H_
