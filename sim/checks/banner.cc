#include "sim/checks/banner.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/checks/banner_rules.h"
#include "sim/checks/text.h"
#include "sim/checks/window.h"

namespace freezedrill {
namespace {

using banner_rules::RuleResult;

struct NamedRule {
  const char* name;
  RuleResult result;
};

std::int64_t count_purges(const History& history, bool ok) {
  std::int64_t n = 0;
  for (const Event& e : history.events()) {
    if (const auto* p = std::get_if<ev::BannerPurged>(&e.body)) n += p->ok == ok ? 1 : 0;
  }
  return n;
}

void add_figures(CheckResult& result, const History& history, const std::vector<banner_rules::Notice>& notices,
                 const std::vector<NamedRule>& rules) {
  std::int64_t banners = std::count_if(notices.begin(), notices.end(), [](const auto& n) { return n.banner; });
  result.add_figure("banners_published", banners);
  result.add_figure("status_posts", static_cast<std::int64_t>(notices.size()) - banners);
  result.add_figure("purges_ok", count_purges(history, true));
  result.add_figure("purges_failed", count_purges(history, false));
  for (const NamedRule& rule : rules) {
    result.add_figure(fmt::format("{}_verdict", rule.name), std::string(verdict_name(rule.result.verdict)));
  }
}

void set_verdict(CheckResult& result, std::vector<NamedRule>& rules, Micros max_stale) {
  Verdict verdict = Verdict::kNotApplicable;
  for (const NamedRule& rule : rules) verdict = worst(verdict, rule.result.verdict);
  result.verdict = verdict;

  std::vector<Evidence> evidence;
  for (NamedRule& rule : rules) {
    for (Evidence& e : rule.result.evidence) evidence.push_back(std::move(e));
  }
  std::stable_sort(evidence.begin(), evidence.end(), [](const Evidence& a, const Evidence& b) { return a.t < b.t; });
  for (Evidence& e : evidence) result.add_evidence(std::move(e));

  if (verdict == Verdict::kPass || verdict == Verdict::kNotApplicable) {
    result.summary = fmt::format("the banner and status posts stated the window exactly before S and after E, and "
                                 "every observer saw each change within max_stale {}",
                                 time_text(max_stale));
    return;
  }
  for (const NamedRule& rule : rules) {
    if (rule.result.verdict == verdict) {
      result.summary = fmt::format("{}: {}", rule.name, rule.result.reason);
      return;
    }
  }
}

}  // namespace

std::string_view BannerCheck::summary() const {
  return "banner and status post state exact times announce_lead before S, a closure notice follows E, and "
         "observers see each change within max_stale";
}

std::string_view BannerCheck::remedy() const {
  return "Publish the banner and a status post at least announce_lead before S with S and E as ISO 8601 times with "
         "a UTC offset, the contact and the rollback plan. Purge the banner cache at every change, at S and at E, and "
         "retry a failed purge. On an extension, publish the new end on the banner and the status page. Post the "
         "closure notice once every instance has seen the flag off and the soak has passed.";
}

std::vector<OptionSpec> BannerCheck::options() const {
  return {OptionSpec{"max_stale", OptionSpec::Type::kDuration, "60s",
                     "Longest time after a banner change during which an observer may still see the previous "
                     "version, as a duration (\"60s\").",
                     false}};
}

CheckResult BannerCheck::run(const History& history, const CheckOptions& options) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  Micros max_stale = options.duration("max_stale");

  std::vector<banner_rules::Notice> notices = banner_rules::collect_notices(history);
  WindowEnds ends(history);
  std::vector<NamedRule> rules = {
      {"announcement", banner_rules::judge_announcement(history, notices)},
      {"stated_times", banner_rules::judge_stated_times(history, notices, ends)},
      {"extensions", banner_rules::judge_extensions(history, notices)},
      {"closure", banner_rules::judge_closure(history, notices, ends)},
      {"observers", banner_rules::judge_observers(history, notices, max_stale)},
  };

  add_figures(result, history, notices, rules);
  set_verdict(result, rules, max_stale);
  return result;
}

}  // namespace freezedrill
