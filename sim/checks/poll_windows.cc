#include "sim/checks/poll_windows.h"

#include <algorithm>
#include <map>

namespace freezedrill {
namespace {

void add_tick(PollWindow& window, const PollTick& tick, std::int64_t sign) {
  if (tick.restart) {
    window.restarts += sign;
  } else {
    window.polls += sign;
  }
}

ActorPolls& actor_entry(std::vector<ActorPolls>& actors, std::map<StrId, std::size_t>& index, StrId actor) {
  auto [it, inserted] = index.emplace(actor, actors.size());
  if (inserted) actors.push_back(ActorPolls{actor, {}});
  return actors[it->second];
}

}  // namespace

std::vector<ActorPolls> collect_actor_polls(const History& history) {
  std::vector<ActorPolls> actors;
  std::map<StrId, std::size_t> index;

  for (const Event& e : history.events()) {
    if (const auto* poll = std::get_if<ev::FlagPolled>(&e.body)) {
      if (poll->guard) continue;
      actor_entry(actors, index, poll->actor).ticks.push_back(PollTick{e.t, false, poll->instance});
      continue;
    }

    const auto* started = std::get_if<ev::WorkerStarted>(&e.body);
    if (started == nullptr || started->restart == 0) continue;
    actor_entry(actors, index, started->actor).ticks.push_back(PollTick{e.t, true, started->instance});
  }
  return actors;
}

PollScan scan_poll_windows(std::vector<PollTick> ticks, std::int64_t max_per_second) {
  std::stable_sort(ticks.begin(), ticks.end(), [](const PollTick& a, const PollTick& b) { return a.t < b.t; });

  // Two cursors: [first, last) are the ticks inside [ticks[first].t, + 1 s).
  PollScan scan;
  PollWindow current;
  std::size_t last = 0;
  for (std::size_t first = 0; first < ticks.size(); ++first) {
    Micros window_end = ticks[first].t + kMicrosPerSecond;
    for (; last < ticks.size() && ticks[last].t < window_end; ++last) add_tick(current, ticks[last], 1);
    current.start = ticks[first].t;
    current.instance = ticks[first].instance;

    if (current.count() > scan.peak.count()) scan.peak = current;
    if (!scan.first_over && current.count() > max_per_second) scan.first_over = current;
    add_tick(current, ticks[first], -1);
  }
  return scan;
}

}  // namespace freezedrill
