#include "sim/checks/no_write_leak.h"

#include <fmt/format.h>

#include "sim/checks/text.h"
#include "sim/checks/window.h"

namespace freezedrill {
namespace {

// Cause of a leak, read from the mutation's request id and admission time.
enum class LeakCause { kBackground, kStraddling, kAdmittedInWindow, kAdmissionUnknown };

LeakCause classify_leak(const ev::MutationApplied& m, Micros window_start) {
  if (m.request_id == 0) return LeakCause::kBackground;
  if (m.admitted_at == kNoTime) return LeakCause::kAdmissionUnknown;
  // A request admitted before S was let in legitimately. Applying it after the
  // fence means the service layer did not re-read the flag.
  if (m.admitted_at < window_start) return LeakCause::kStraddling;
  return LeakCause::kAdmittedInWindow;
}

std::string_view cause_text(LeakCause cause) {
  switch (cause) {
    case LeakCause::kBackground: return "background work (no request)";
    case LeakCause::kStraddling: return "admitted before S (straddling write)";
    case LeakCause::kAdmittedInWindow: return "admitted in the window";
    case LeakCause::kAdmissionUnknown: return "admission time not recorded";
  }
  return "unknown";
}

std::string admission_text(Micros admitted_at) {
  return admitted_at == kNoTime ? std::string("unknown") : time_text(admitted_at);
}

Evidence leak_evidence(const History& history, Micros t, const ev::MutationApplied& m, LeakCause cause) {
  Evidence e;
  e.t = t;
  e.actor = std::string(history.str(m.origin));
  e.instance = m.instance;
  e.request_id = m.request_id;
  e.detail = fmt::format("{} on protected sink \"{}\" key \"{}\" applied at {}, admitted at {}: {}",
                         history.str(m.mutation), history.str(m.sink), history.str(m.key), time_text(t),
                         admission_text(m.admitted_at), cause_text(cause));
  return e;
}

struct LeakTally {
  std::int64_t audited = 0;
  std::int64_t leaks = 0;
  std::int64_t straddling = 0;
  std::int64_t background = 0;
};

void add_figures(CheckResult& result, const LeakTally& tally) {
  result.add_figure("protected_mutations_audited", tally.audited);
  result.add_figure("leaks_in_window", tally.leaks);
  result.add_figure("leaks_admitted_before_start", tally.straddling);
  result.add_figure("leaks_from_background_work", tally.background);
}

void set_verdict(CheckResult& result, const LeakTally& tally, const FenceWindow& window) {
  if (tally.leaks == 0) {
    result.verdict = Verdict::kPass;
    result.summary = fmt::format("no protected mutation was applied in [S + fence_grace, E) = {} ({} audited)",
                                 window.describe(), tally.audited);
    return;
  }
  result.verdict = Verdict::kFail;
  const Evidence& first = result.evidence.front();
  result.summary = fmt::format("{} applied in [S + fence_grace, E) = {}. First, by {}: {}",
                               count_text(tally.leaks, "protected mutation", "protected mutations"),
                               window.describe(), first.actor, first.detail);
}

}  // namespace

std::string_view NoWriteLeakCheck::summary() const {
  return "no protected mutation is applied in [S + fence_grace, E), from requests or background work";
}

std::string_view NoWriteLeakCheck::remedy() const {
  return "Fence every path to protected storage on the flag store. Reject writes at the gateway, re-read the "
         "flag in the service layer before applying a protected mutation, and make crons, backfills, workers "
         "and migrations check it before each unit of work.";
}

std::vector<OptionSpec> NoWriteLeakCheck::options() const {
  return {OptionSpec{"fence_grace", OptionSpec::Type::kDuration, "0s",
                     "Time after S during which protected mutations are still allowed, as a duration (\"2s\").",
                     false}};
}

CheckResult NoWriteLeakCheck::run(const History& history, const CheckOptions& options) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  const FenceWindow window = fence_window(history, options.duration("fence_grace"));

  LeakTally tally;
  for (const Event& e : history.events()) {
    const auto* m = std::get_if<ev::MutationApplied>(&e.body);
    if (m == nullptr || m->role != SinkRole::kProtected) continue;
    ++tally.audited;
    if (!window.contains(e.t)) continue;

    LeakCause cause = classify_leak(*m, history.header().start);
    ++tally.leaks;
    if (cause == LeakCause::kStraddling) ++tally.straddling;
    if (cause == LeakCause::kBackground) ++tally.background;
    result.add_evidence(leak_evidence(history, e.t, *m, cause));
  }

  add_figures(result, tally);
  set_verdict(result, tally, window);
  return result;
}

}  // namespace freezedrill
