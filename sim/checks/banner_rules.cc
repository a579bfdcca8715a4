#include "sim/checks/banner_rules.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "sim/checks/text.h"
#include "sim/core/calendar.h"

namespace freezedrill::banner_rules {
namespace {

// Banners that describe the window ahead or in progress. "removed" (taken
// down at E) and "closure" describe the window after the fact.
bool announces_window(const Notice& n) { return n.banner && n.kind != "removed" && n.kind != "closure"; }

std::string notice_name(const Notice& n) {
  if (n.banner) return fmt::format("banner version {} ({})", n.version, n.kind);
  return fmt::format("status post ({})", n.kind);
}

Evidence notice_evidence(const Notice& n, std::string detail) {
  Evidence e;
  e.t = n.t;
  e.actor = n.banner ? "banner" : "status_page";
  e.detail = fmt::format("{} published at {}: {}", notice_name(n), time_text(n.t), detail);
  return e;
}

void fail(RuleResult& result, Verdict verdict, std::string reason) {
  if (result.reason.empty() || worst(result.verdict, verdict) != result.verdict) result.reason = std::move(reason);
  result.verdict = worst(result.verdict, verdict);
}

// "" when the notice states S and `end` exactly and, for a banner, a
// contact and a rollback plan.
std::string notice_problem(const History& history, const Notice& n, Micros end) {
  std::string problem = stated_time_problem(n.stated_start, unix_seconds_at(history, history.header().start));
  if (!problem.empty()) return "stated start " + problem;
  problem = stated_time_problem(n.stated_end, unix_seconds_at(history, end));
  if (!problem.empty()) return "stated end " + problem;
  if (n.banner && n.contact.empty()) return "no contact stated";
  if (n.banner && n.rollback.empty()) return "no rollback plan stated";
  return "";
}

// The first notice matching `wanted` in [from, until] that states S and
// `end` correctly, or the problem of the first candidate.
template <typename Wanted>
std::string find_valid(const History& history, const std::vector<Notice>& notices, Micros from, Micros until,
                       Micros end, Wanted wanted, const Notice** found) {
  std::string first_problem;
  for (const Notice& n : notices) {
    if (n.t < from || n.t > until || !wanted(n)) continue;
    std::string problem = notice_problem(history, n, end);
    if (problem.empty()) {
      *found = &n;
      return "";
    }
    if (first_problem.empty()) first_problem = fmt::format("{} at {}: {}", notice_name(n), time_text(n.t), problem);
  }
  *found = nullptr;
  return first_problem;
}

}  // namespace

std::vector<Notice> collect_notices(const History& history) {
  std::vector<Notice> notices;
  for (const Event& e : history.events()) {
    if (const auto* b = std::get_if<ev::BannerPublished>(&e.body)) {
      notices.push_back(Notice{e.t, true, std::string(history.str(b->kind)), b->version,
                               std::string(history.str(b->stated_start)), std::string(history.str(b->stated_end)),
                               std::string(history.str(b->contact)), std::string(history.str(b->rollback))});
    } else if (const auto* s = std::get_if<ev::StatusPosted>(&e.body)) {
      notices.push_back(Notice{e.t, false, std::string(history.str(s->kind)), 0,
                               std::string(history.str(s->stated_start)), std::string(history.str(s->stated_end)),
                               "", ""});
    }
  }
  return notices;
}

std::string stated_time_problem(const std::string& stated, std::int64_t expected) {
  if (stated.empty()) return "is missing";
  std::optional<std::int64_t> parsed = parse_rfc3339(stated);
  if (!parsed) {
    return fmt::format("{} is not ISO 8601 with a UTC offset and whole seconds (expected {})", quote_value(stated),
                       format_rfc3339(expected));
  }
  if (*parsed != expected) {
    return fmt::format("{} is {:+d} s from the actual {}", quote_value(stated), *parsed - expected,
                       format_rfc3339(expected));
  }
  return "";
}

RuleResult judge_announcement(const History& history, const std::vector<Notice>& notices) {
  const HistoryHeader& h = history.header();
  Micros deadline = h.start - h.announce_lead;
  WindowEnds ends(history);
  RuleResult result;

  const Notice* banner = nullptr;
  const Notice* post = nullptr;
  std::string banner_problem =
      find_valid(history, notices, INT64_MIN, deadline, ends.at(deadline), announces_window, &banner);
  std::string post_problem = find_valid(
      history, notices, INT64_MIN, deadline, ends.at(deadline),
      [](const Notice& n) { return !n.banner && n.kind == "announce"; }, &post);
  result.count = (banner ? 1 : 0) + (post ? 1 : 0);

  std::string when = fmt::format("at or before S - announce_lead = {}", time_text(deadline));
  if (!banner) {
    fail(result, Verdict::kFail,
         banner_problem.empty() ? fmt::format("no banner was published {}", when)
                                : fmt::format("no banner published {} states the window exactly: {}", when,
                                              banner_problem));
  }
  if (!post) {
    fail(result, Verdict::kFail,
         post_problem.empty() ? fmt::format("no announce status post was published {}", when)
                              : fmt::format("no announce status post published {} states the window exactly: {}",
                                            when, post_problem));
  }
  return result;
}

RuleResult judge_stated_times(const History& history, const std::vector<Notice>& notices, const WindowEnds& ends) {
  RuleResult result;
  for (const Notice& n : notices) {
    ++result.count;
    std::string problem = notice_problem(history, n, ends.at(n.t));
    if (problem.empty()) continue;
    Evidence e = notice_evidence(n, problem);
    fail(result, Verdict::kFail, e.detail);
    result.evidence.push_back(std::move(e));
  }
  return result;
}

RuleResult judge_extensions(const History& history, const std::vector<Notice>& notices) {
  RuleResult result;
  Micros end_before = history.header().end;
  for (const Event& e : history.events()) {
    const auto* extended = std::get_if<ev::WindowExtended>(&e.body);
    if (extended == nullptr) continue;
    ++result.count;

    // Announced at or after the extension, and before the old end passes.
    const Notice* banner = nullptr;
    const Notice* post = nullptr;
    find_valid(history, notices, e.t, end_before - 1, extended->new_end, announces_window, &banner);
    find_valid(
        history, notices, e.t, end_before - 1, extended->new_end,
        [](const Notice& n) { return !n.banner && n.kind == "update"; }, &post);
    if (!banner || !post) {
      std::string missing = "no update status post";
      if (!banner) missing = post ? "no banner" : "no banner and no update status post";
      Evidence ev;
      ev.t = e.t;
      ev.actor = std::string(history.str(extended->by));
      ev.detail = fmt::format("the window was extended at {} to end at {}, but {} stated the new end before the old "
                              "end {}",
                              time_text(e.t), time_text(extended->new_end), missing, time_text(end_before));
      fail(result, Verdict::kFail, ev.detail);
      result.evidence.push_back(std::move(ev));
    }
    end_before = extended->new_end;
  }
  return result;
}

}  // namespace freezedrill::banner_rules
