#include "sim/checks/window.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/checks/text.h"

namespace freezedrill {

std::string FenceWindow::describe() const { return fmt::format("[{}, {})", time_text(start), time_text(end)); }

FenceWindow fence_window(const History& history, Micros fence_grace) {
  return FenceWindow{history.header().start + fence_grace, WindowEnds(history).final_end()};
}

WindowEnds::WindowEnds(const History& history) : planned_end_(history.header().end) {
  for (const Event& e : history.events()) {
    if (const auto* extended = std::get_if<ev::WindowExtended>(&e.body)) {
      extensions_.emplace_back(e.t, extended->new_end);
    }
  }
}

Micros WindowEnds::at(Micros t) const {
  // The extension before the first one after t is the one in force at t.
  auto after = std::upper_bound(extensions_.begin(), extensions_.end(), t,
                                [](Micros time, const auto& extension) { return time < extension.first; });
  if (after == extensions_.begin()) return planned_end_;
  return std::prev(after)->second;
}

Micros WindowEnds::final_end() const { return extensions_.empty() ? planned_end_ : extensions_.back().second; }

std::int64_t unix_seconds_at(const History& history, Micros t) {
  // Floor division, so a time before the epoch falls in the earlier second.
  std::int64_t seconds = t / kMicrosPerSecond;
  if (t % kMicrosPerSecond < 0) --seconds;
  return history.header().epoch_unix + seconds;
}

}  // namespace freezedrill
