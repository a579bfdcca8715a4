#ifndef FREEZEDRILL_SIM_CHECKS_QUEUE_REPLAY_H_
#define FREEZEDRILL_SIM_CHECKS_QUEUE_REPLAY_H_

#include "sim/checks/check.h"

namespace freezedrill {

// queue_replay: every kept intent is applied exactly once in [E, end of
// run), client retries and replays counted together, in enqueue order per
// storage key; none is lost (a critical write refused in [S, E) has its
// intent kept, and a kept intent is applied once the replay has finished);
// non-critical writes are dropped, never kept. A run that ends before the
// replay finishes, with intents still unapplied, is inconclusive. Not
// applicable when nothing was kept, dropped or refused on a critical
// endpoint.
class QueueReplayCheck : public Check {
 public:
  std::string_view name() const override { return "queue_replay"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override { return {}; }
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_QUEUE_REPLAY_H_
