#ifndef FREEZEDRILL_SIM_CHECKS_BANNER_RULES_H_
#define FREEZEDRILL_SIM_CHECKS_BANNER_RULES_H_

#include <string>
#include <vector>

#include "sim/checks/window.h"
#include "sim/history/history.h"
#include "sim/result/result.h"

// The rules of the banner check, each judging one part of the history.
namespace freezedrill::banner_rules {

// A banner version or a status post with the times it states.
struct Notice {
  Micros t = 0;
  bool banner = true;    // false: a status post
  std::string kind;
  std::uint32_t version = 0;  // banners only
  std::string stated_start;
  std::string stated_end;
  std::string contact;   // banners only
  std::string rollback;  // banners only
};

std::vector<Notice> collect_notices(const History& history);

// The verdict of one rule, with its evidence and a one-line reason.
struct RuleResult {
  Verdict verdict = Verdict::kPass;
  std::string reason;  // set unless the rule passed
  std::vector<Evidence> evidence;
  std::int64_t count = 0;  // what the rule judged (notices, polls)
};

// "" when `stated` is ISO 8601 with a UTC offset and whole seconds naming
// the Unix second `expected`; else why it does not.
std::string stated_time_problem(const std::string& stated, std::int64_t expected);

RuleResult judge_announcement(const History& history, const std::vector<Notice>& notices);
RuleResult judge_stated_times(const History& history, const std::vector<Notice>& notices, const WindowEnds& ends);
RuleResult judge_extensions(const History& history, const std::vector<Notice>& notices);
RuleResult judge_closure(const History& history, const std::vector<Notice>& notices, const WindowEnds& ends);
// Not applicable without banner_observed events.
RuleResult judge_observers(const History& history, const std::vector<Notice>& notices, Micros max_stale);

}  // namespace freezedrill::banner_rules

#endif  // FREEZEDRILL_SIM_CHECKS_BANNER_RULES_H_
