#ifndef FREEZEDRILL_SIM_CHECKS_POLL_WINDOWS_H_
#define FREEZEDRILL_SIM_CHECKS_POLL_WINDOWS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/time.h"
#include "sim/history/history.h"

namespace freezedrill {

// Busy-loop detection for drains: an actor's own flag polls and worker
// restarts, counted in one-second windows. Internal to sim/checks.

// One flag poll or worker restart of an actor.
struct PollTick {
  Micros t = 0;
  bool restart = false;  // false: a flag poll
  std::int32_t instance = kNoInstance;
};

// The polls and restarts of one actor in [start, start + 1 s).
struct PollWindow {
  Micros start = 0;
  std::int32_t instance = kNoInstance;  // of the first tick in the window
  std::int64_t polls = 0;
  std::int64_t restarts = 0;

  std::int64_t count() const { return polls + restarts; }
};

// The ticks of one actor, in the order they were recorded.
struct ActorPolls {
  StrId actor = kNoStr;
  std::vector<PollTick> ticks;
};

// Collects, per actor in first-seen order, every flag_polled with guard =
// false and every worker_started with restart > 0. Guard reads are the
// service layer reacting to an incoming write, and a worker's first start is
// not a restart, so neither shows how an actor's own loop behaves.
std::vector<ActorPolls> collect_actor_polls(const History& history);

// The result of sliding a one-second window over one actor's ticks.
struct PollScan {
  PollWindow peak;                        // the busiest window, the earliest on ties
  std::optional<PollWindow> first_over;   // the earliest window with more than the limit
};

// Slides [t, t + 1 s) over the ticks, sorted here by time, with t at each
// tick. A window that starts at a tick contains at least as many ticks as any
// window whose first tick is the same, so these starts find the maximum.
PollScan scan_poll_windows(std::vector<PollTick> ticks, std::int64_t max_per_second);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_POLL_WINDOWS_H_
