#ifndef FREEZEDRILL_SIM_CHECKS_END_SEQUENCE_H_
#define FREEZEDRILL_SIM_CHECKS_END_SEQUENCE_H_

#include "sim/checks/check.h"

namespace freezedrill {

// end_sequence: the soak counts from the last instance's flag-off (the
// latest flag_seen with the flag off, or without any, the latest flag_set
// off); the closure notice (status_posted, kind closure) comes at or after
// that + soak (equal passes, 1 us short fails); the replay (the first
// replay phase or intent_replayed) starts at or after the closure. A replay
// without a closure notice fails. Not applicable when the history has no
// closure notice and no replay (the banner check asks for the notice);
// inconclusive when the flag was never seen off but a closure was posted.
class EndSequenceCheck : public Check {
 public:
  std::string_view name() const override { return "end_sequence"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override { return {}; }
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_END_SEQUENCE_H_
