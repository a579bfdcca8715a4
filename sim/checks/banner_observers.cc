#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "sim/checks/banner_rules.h"
#include "sim/checks/text.h"

// The closure and observer rules of the banner check.
namespace freezedrill::banner_rules {
namespace {

struct Poll {
  Micros t = 0;
  const ev::BannerObserved* seen = nullptr;
};

// Polls per observer name, in time order (history order).
std::map<std::string, std::vector<Poll>> polls_by_observer(const History& history) {
  std::map<std::string, std::vector<Poll>> polls;
  for (const Event& e : history.events()) {
    if (const auto* seen = std::get_if<ev::BannerObserved>(&e.body)) {
      polls[std::string(history.str(seen->observer))].push_back(Poll{e.t, seen});
    }
  }
  return polls;
}

// The time from which the closure notice is due: the last instance's
// flag-off at or after the final E, plus the soak. nullopt when an instance
// has not seen the flag off by the end of the history.
std::optional<Micros> closure_due(const History& history, Micros final_end) {
  std::map<std::int32_t, std::pair<bool, Micros>> last_seen;  // instance -> (on, time)
  for (const Event& e : history.events()) {
    if (const auto* seen = std::get_if<ev::FlagSeen>(&e.body)) last_seen[seen->instance] = {seen->on, e.t};
  }
  Micros last_off = final_end;
  for (const auto& [instance, state] : last_seen) {
    if (state.first) return std::nullopt;
    last_off = std::max(last_off, state.second);
  }
  return last_off + history.header().soak;
}

std::string poll_text(const History& history, const Poll& p) {
  return fmt::format("version {} at {} (Age {} s, cache {}, Cache-Control {})", p.seen->version, time_text(p.t),
                     p.seen->age, history.str(p.seen->cache_status), quote_value(history.str(p.seen->cache_control)));
}

}  // namespace

RuleResult judge_closure(const History& history, const std::vector<Notice>& notices, const WindowEnds& ends) {
  RuleResult result;
  Micros final_end = ends.final_end();
  bool banner = false;
  bool post = false;
  for (const Notice& n : notices) {
    if (n.t < final_end || n.kind != "closure") continue;
    (n.banner ? banner : post) = true;
    ++result.count;
  }
  if (banner && post) return result;

  std::string missing = !banner && !post ? "no closure banner and no closure status post"
                        : !banner        ? "no closure banner"
                                         : "no closure status post";
  std::optional<Micros> due = closure_due(history, final_end);
  if (!due || *due > history.header().duration) {
    result.verdict = Verdict::kInconclusive;
    result.reason = fmt::format("{} was published, but the run ends before the closure notice is due (the last "
                                "instance's flag-off plus the soak)",
                                missing);
    return result;
  }
  result.verdict = Verdict::kFail;
  result.reason = fmt::format("{} was published at or after E = {}; the closure notice was due from {}", missing,
                              time_text(final_end), time_text(*due));
  return result;
}

RuleResult judge_observers(const History& history, const std::vector<Notice>& notices, Micros max_stale) {
  RuleResult result;
  std::map<std::string, std::vector<Poll>> polls = polls_by_observer(history);
  if (polls.empty()) {
    result.verdict = Verdict::kNotApplicable;
    return result;
  }

  for (const Notice& change : notices) {
    if (!change.banner) continue;
    Micros deadline = change.t + max_stale;
    for (const auto& [observer, list] : polls) {
      ++result.count;
      auto first_after = std::lower_bound(list.begin(), list.end(), change.t,
                                          [](const Poll& p, Micros t) { return p.t < t; });
      auto showing = std::find_if(first_after, list.end(),
                                  [&](const Poll& p) { return p.seen->version >= change.version; });
      if (showing != list.end() && showing->t <= deadline) continue;

      // The first poll at or after the deadline shows the old version.
      auto late = std::lower_bound(list.begin(), list.end(), deadline,
                                   [](const Poll& p, Micros t) { return p.t < t; });
      if (late == list.end()) {
        if (result.verdict != Verdict::kFail) {
          result.verdict = Verdict::kInconclusive;
          result.reason = fmt::format("observer {} has no poll at or after {} (version {} + max_stale)", observer,
                                      time_text(deadline), change.version);
        }
        continue;
      }
      Evidence e;
      e.t = late->t;
      e.actor = observer;
      e.detail = fmt::format("banner version {} was published at {}, but {} still showed {}, past max_stale",
                             change.version, time_text(change.t), observer, poll_text(history, *late));
      if (result.verdict != Verdict::kFail) result.reason = e.detail;
      result.verdict = Verdict::kFail;
      result.evidence.push_back(std::move(e));
    }
  }
  return result;
}

}  // namespace freezedrill::banner_rules
