#ifndef FREEZEDRILL_SIM_CHECKS_WINDOW_H_
#define FREEZEDRILL_SIM_CHECKS_WINDOW_H_

#include <string>
#include <utility>
#include <vector>

#include "sim/core/time.h"
#include "sim/history/history.h"

namespace freezedrill {

// The span a check judges, [S + fence_grace, E) with E the final end after
// every window_extended event. An event at `start` is inside, one at `end`
// is not.
struct FenceWindow {
  Micros start = 0;
  Micros end = 0;

  bool contains(Micros t) const { return t >= start && t < end; }
  bool empty() const { return start >= end; }
  // "[60.000000s, 240.000000s)", for summaries and evidence.
  std::string describe() const;
};

FenceWindow fence_window(const History& history, Micros fence_grace);

// The end of the window as it stood at any time: the planned E, moved by
// each window_extended event. Same results as History::end_at, but built
// once so that a check can ask for every response in O(log n).
class WindowEnds {
 public:
  explicit WindowEnds(const History& history);

  // The end in force at t: the last extension at or before t, else the planned E.
  Micros at(Micros t) const;
  Micros final_end() const;

 private:
  Micros planned_end_;
  std::vector<std::pair<Micros, Micros>> extensions_;  // (event time, new end), time order
};

// The Unix second a virtual time falls in: epoch + t, rounded down.
std::int64_t unix_seconds_at(const History& history, Micros t);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_WINDOW_H_
