#include "sim/checks/end_sequence.h"

#include <optional>

#include <fmt/format.h>

#include "sim/checks/text.h"

namespace freezedrill {
namespace {

struct EndMarks {
  std::optional<Micros> flag_off;  // the last instance's flag-off
  std::optional<Micros> closure;   // the first closure notice
  std::optional<Micros> replay;    // the start of the replay
};

EndMarks find_marks(const History& history) {
  EndMarks m;
  std::optional<Micros> seen_off;
  std::optional<Micros> set_off;
  for (const Event& e : history.events()) {
    if (const auto* seen = std::get_if<ev::FlagSeen>(&e.body)) {
      if (!seen->on) seen_off = e.t;
    } else if (const auto* set = std::get_if<ev::FlagSet>(&e.body)) {
      if (!set->on) set_off = e.t;
    } else if (const auto* post = std::get_if<ev::StatusPosted>(&e.body)) {
      if (!m.closure && history.str(post->kind) == "closure") m.closure = e.t;
    } else if (const auto* phase = std::get_if<ev::PhaseChanged>(&e.body)) {
      if (!m.replay && phase->phase == Phase::kReplay) m.replay = e.t;
    } else if (std::holds_alternative<ev::IntentReplayed>(e.body)) {
      if (!m.replay) m.replay = e.t;
    }
  }
  m.flag_off = seen_off ? seen_off : set_off;
  return m;
}

Evidence mark_evidence(Micros t, std::string detail) { return Evidence{t, "", kNoInstance, 0, std::move(detail)}; }

// The closure rule: at or after the last flag-off + soak.
Verdict judge_closure(const EndMarks& m, Micros soak, CheckResult& result) {
  if (!m.closure) return Verdict::kNotApplicable;
  // A closure notice says writes are back; with the flag never cleared it
  // announces an end that did not happen.
  if (!m.flag_off) {
    result.add_evidence(mark_evidence(
        *m.closure, fmt::format("closure notice at {}, but the flag was never cleared", time_text(*m.closure))));
    return Verdict::kFail;
  }
  Micros due = *m.flag_off + soak;
  if (*m.closure >= due) return Verdict::kPass;
  result.add_evidence(mark_evidence(
      *m.closure, fmt::format("closure notice at {}, before the last flag-off at {} + soak {} = {}",
                              time_text(*m.closure), time_text(*m.flag_off), format_duration(soak), time_text(due))));
  return Verdict::kFail;
}

// The replay rule: at or after the closure notice.
Verdict judge_replay(const EndMarks& m, CheckResult& result) {
  if (!m.replay) return Verdict::kNotApplicable;
  if (!m.closure) {
    result.add_evidence(mark_evidence(*m.replay, fmt::format("replay started at {} without a closure notice",
                                                             time_text(*m.replay))));
    return Verdict::kFail;
  }
  if (*m.replay >= *m.closure) return Verdict::kPass;
  result.add_evidence(mark_evidence(*m.replay, fmt::format("replay started at {}, before the closure notice at {}",
                                                           time_text(*m.replay), time_text(*m.closure))));
  return Verdict::kFail;
}

void add_figures(CheckResult& result, const EndMarks& m) {
  auto put = [&](const char* name, const std::optional<Micros>& t) {
    result.add_figure(name, t ? time_text(*t) : std::string("none"));
  };
  put("last_flag_off", m.flag_off);
  put("closure_notice", m.closure);
  put("replay_start", m.replay);
}

}  // namespace

std::string_view EndSequenceCheck::summary() const {
  return "the closure notice comes at or after the last instance's flag-off + soak, and the replay after it";
}

std::string_view EndSequenceCheck::remedy() const {
  return "End the window in runbook order: clear the flag, wait until every instance sees it off, soak for the "
         "full soak time, post the closure notice, and only then start the replay of kept intents.";
}

CheckResult EndSequenceCheck::run(const History& history, const CheckOptions& /*options*/) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  const EndMarks marks = find_marks(history);

  Verdict closure = judge_closure(marks, history.header().soak, result);
  Verdict replay = judge_replay(marks, result);
  result.verdict = worst(closure, replay);
  add_figures(result, marks);

  switch (result.verdict) {
    case Verdict::kFail:
      result.summary = result.evidence.front().detail;
      break;
    case Verdict::kInconclusive:  // no rule of this check is inconclusive
      break;
    case Verdict::kPass:
      result.summary = fmt::format("closure notice at {}, soak {} after the last flag-off at {}{}",
                                   time_text(*marks.closure), format_duration(history.header().soak),
                                   time_text(*marks.flag_off),
                                   marks.replay ? fmt::format("; replay from {}", time_text(*marks.replay)) : "");
      break;
    case Verdict::kNotApplicable:
      result.summary = "no closure notice and no replay to judge";
      break;
  }
  return result;
}

}  // namespace freezedrill
