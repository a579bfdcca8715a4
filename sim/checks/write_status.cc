#include "sim/checks/write_status.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/checks/text.h"
#include "sim/checks/window.h"
#include "sim/checks/write_pairs.h"
#include "sim/checks/write_status_rules.h"

namespace freezedrill {
namespace {

// The verdict of one part of the check (the window, the re-enable) and, when
// it is inconclusive, why.
struct PartOutcome {
  Verdict verdict = Verdict::kNotApplicable;
  std::string reason;
};

Evidence response_evidence(const History& history, const WritePair& write, std::string_view what) {
  const ev::ResponseReceived& response = *write.response;
  Evidence e;
  e.t = write.received_at;
  e.actor = std::string(history.str(write.request->actor));
  e.instance = response.instance;
  e.request_id = write.request->request_id;
  e.detail = fmt::format("{} answered {} to the write sent at {}: {}", history.str(write.request->endpoint),
                         response.status, time_text(write.sent_at), what);
  return e;
}

// Under queue.ack "202" a critical endpoint accepts the intent with 202
// instead of refusing, and queue_replay and idempotency judge it instead.
bool is_skipped_critical(const History& history, const WritePair& write) {
  if (history.header().queue_ack != "202") return false;
  const EndpointSpec* endpoint = history.header().find_endpoint(history.str(write.request->endpoint));
  return endpoint != nullptr && endpoint->critical;
}

std::vector<const WritePair*> answered_window_writes(const History& history, const std::vector<WritePair>& writes,
                                                     const FenceWindow& window, WriteStatusTally& tally,
                                                     std::int64_t& sent) {
  std::vector<const WritePair*> answered;
  for (const WritePair& write : writes) {
    if (!window.contains(write.sent_at)) continue;
    ++sent;
    if (is_skipped_critical(history, write)) {
      ++tally.skipped_critical;
    } else if (!write.answered()) {
      ++tally.without_response;
    } else {
      answered.push_back(&write);
    }
  }

  // The first code seen is the reference, so responses are judged in the
  // order they arrived.
  std::stable_sort(answered.begin(), answered.end(),
                   [](const WritePair* a, const WritePair* b) { return a->received_at < b->received_at; });
  return answered;
}

PartOutcome judge_window(WindowJudgeContext& context, const std::vector<WritePair>& writes,
                         const FenceWindow& window, WriteStatusTally& tally, std::vector<Evidence>& offences) {
  std::int64_t sent = 0;
  std::vector<const WritePair*> answered = answered_window_writes(context.history, writes, window, tally, sent);

  std::size_t offences_before = offences.size();
  for (const WritePair* write : answered) {
    std::vector<std::string> problems = judge_window_response(context, *write, tally);
    if (problems.empty()) continue;
    offences.push_back(response_evidence(context.history, *write, fmt::format("{}", fmt::join(problems, "; "))));
  }

  if (offences.size() > offences_before) return {Verdict::kFail, ""};
  if (sent == 0) {
    return {Verdict::kInconclusive,
            fmt::format("no write was sent in the window [S + fence_grace, E) = {}", window.describe())};
  }
  if (answered.empty()) {
    return {Verdict::kInconclusive,
            fmt::format("none of the {} sent in the window {} could be judged, because {} went to critical "
                        "endpoints under queue.ack \"202\" and the rest got no response",
                        count_text(sent, "write", "writes"), window.describe(), tally.skipped_critical)};
  }
  return {Verdict::kPass, ""};
}

// A response that still refuses the write as the window did: 423 or 503
// with the window's code, or any 423 or 503 when the window had none.
bool is_still_frozen(const History& history, const ev::ResponseReceived& response, const std::string& freeze_code) {
  if (!is_refusal_status(response.status)) return false;
  return freeze_code.empty() || history.str(response.error_code) == freeze_code;
}

std::string still_frozen_text(const std::string& freeze_code, Micros reenable_from) {
  std::string refusal = freeze_code.empty() ? std::string("still refused")
                                            : fmt::format("still refused with the freeze code {}",
                                                          quote_value(freeze_code));
  return fmt::format("{}, although writes must be re-enabled by E + reenable_within = {}", refusal,
                     time_text(reenable_from));
}

// The runbook's end step: writes are re-enabled at E. A write sent at or
// after E + reenable_within that is still refused shows they were not.
PartOutcome judge_reenable(const History& history, const std::vector<WritePair>& writes, Micros reenable_from,
                           const std::string& freeze_code, WriteStatusTally& tally,
                           std::vector<Evidence>& offences) {
  std::int64_t sent = 0;
  for (const WritePair& write : writes) {
    if (write.sent_at < reenable_from) continue;
    ++sent;
    if (!write.answered()) {
      ++tally.without_response;
      continue;
    }
    ++tally.after_reenable_judged;
    if (!is_still_frozen(history, *write.response, freeze_code)) continue;
    ++tally.still_refused;
    offences.push_back(response_evidence(history, write, still_frozen_text(freeze_code, reenable_from)));
  }

  if (tally.still_refused > 0) return {Verdict::kFail, ""};
  if (tally.after_reenable_judged > 0) return {Verdict::kPass, ""};
  std::string from = fmt::format("E + reenable_within = {}", time_text(reenable_from));
  if (sent == 0) {
    return {Verdict::kInconclusive, fmt::format("no write was sent at or after {}, so re-enabling is unproven", from)};
  }
  return {Verdict::kInconclusive,
          fmt::format("none of the {} sent at or after {} got a response, so re-enabling is unproven",
                      count_text(sent, "write", "writes"), from)};
}

void add_figures(CheckResult& result, const WriteStatusTally& tally) {
  result.add_figure("window_writes_judged", tally.window_judged);
  result.add_figure("wrong_status", tally.wrong_status);
  result.add_figure("missing_retry_after", tally.missing_retry_after);
  result.add_figure("invalid_retry_after", tally.invalid_retry_after);
  result.add_figure("out_of_bounds_retry_after", tally.out_of_bounds_retry_after);
  result.add_figure("policy_mismatches", tally.policy_mismatches);
  result.add_figure("missing_code", tally.missing_code);
  result.add_figure("differing_codes", tally.differing_codes);
  result.add_figure("non_imf_dates", tally.non_imf_dates);
  result.add_figure("dates_without_date_header", tally.dates_without_date_header);
  result.add_figure("writes_after_reenable_judged", tally.after_reenable_judged);
  result.add_figure("still_refused_after_reenable", tally.still_refused);
  result.add_figure("skipped_critical_202", tally.skipped_critical);
  result.add_figure("writes_without_response", tally.without_response);
}

void add_warnings(CheckResult& result, const WriteStatusTally& tally) {
  if (tally.non_imf_dates > 0) {
    result.warnings.push_back(fmt::format(
        "{} the obsolete RFC 850 or asctime form. Recipients accept both, but senders must send IMF-fixdate "
        "(RFC 9110 section 5.6.7).",
        count_text(tally.non_imf_dates, "Retry-After HTTP-date used", "Retry-After HTTP-dates used")));
  }
  if (tally.dates_without_date_header > 0) {
    result.warnings.push_back(fmt::format(
        "{} without a Date header, so the delay was measured from the receive time instead of the sender's "
        "clock.",
        count_text(tally.dates_without_date_header, "Retry-After HTTP-date came", "Retry-After HTTP-dates came")));
  }
}

std::string pass_summary(const WriteStatusTally& tally, const std::string& freeze_code) {
  std::string code = freeze_code.empty() ? std::string("one error code")
                                         : fmt::format("the error code {}", quote_value(freeze_code));
  return fmt::format(
      "{} refused with 423 or 503, one valid Retry-After and {}, and {} no longer refused",
      count_text(tally.window_judged, "window write was", "window writes were"), code,
      count_text(tally.after_reenable_judged, "write sent after E + reenable_within was",
                 "writes sent after E + reenable_within were"));
}

std::string summarise(Verdict verdict, const PartOutcome& window, const PartOutcome& reenable,
                      const std::vector<Evidence>& offences, const WriteStatusTally& tally,
                      const std::string& freeze_code) {
  if (verdict == Verdict::kFail) {
    const Evidence& first = offences.front();
    return fmt::format("{} broke the freeze rules. First, request {}: {}",
                       count_text(static_cast<std::int64_t>(offences.size()), "write response", "write responses"),
                       first.request_id, first.detail);
  }
  if (verdict == Verdict::kInconclusive) {
    std::vector<std::string> reasons;
    if (window.verdict == Verdict::kInconclusive) reasons.push_back(window.reason);
    if (reenable.verdict == Verdict::kInconclusive) reasons.push_back(reenable.reason);
    return fmt::format("{}", fmt::join(reasons, ", and "));
  }
  return pass_summary(tally, freeze_code);
}

}  // namespace

std::string_view WriteStatusCheck::summary() const {
  return "window writes get 423 or 503 with one valid Retry-After and one error code, and writes work again "
         "after the window";
}

std::string_view WriteStatusCheck::remedy() const {
  return "Answer every write during the window with 423 or 503, exactly one Retry-After (delay-seconds or "
         "IMF-fixdate) and the same error code on every endpoint and instance; re-enable writes at the end of "
         "the window.";
}

std::vector<OptionSpec> WriteStatusCheck::options() const {
  using Type = OptionSpec::Type;
  return {
      OptionSpec{"fence_grace", Type::kDuration, "0s",
                 "Time after S before writes must be refused, as a duration (\"2s\").", false},
      OptionSpec{"reenable_within", Type::kDuration, "5s",
                 "Time after E by which writes must no longer be refused, as a duration.", false},
      OptionSpec{"max_retry_after", Type::kDuration, "86400s",
                 "Maximum Retry-After delay a window response may ask for, as a duration.", false},
      OptionSpec{"extension_tolerance", Type::kDuration, "1s",
                 "Maximum distance between an until_end Retry-After deadline and the current E, as a duration.",
                 false},
  };
}

CheckResult WriteStatusCheck::run(const History& history, const CheckOptions& options) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  WriteStatusTally tally;

  std::vector<WritePair> writes = collect_client_writes(history);
  if (writes.empty()) {
    result.verdict = Verdict::kNotApplicable;
    result.summary = "the history has no client write request, so there is nothing to judge";
    add_figures(result, tally);
    return result;
  }

  WindowJudgeContext context(history, read_write_status_options(options));
  FenceWindow window{history.header().start + context.options.fence_grace, context.ends.final_end()};
  Micros reenable_from = window.end + context.options.reenable_within;
  std::vector<Evidence> offences;
  PartOutcome window_part = judge_window(context, writes, window, tally, offences);
  PartOutcome reenable_part =
      judge_reenable(history, writes, reenable_from, context.reference_code, tally, offences);

  std::stable_sort(offences.begin(), offences.end(), [](const Evidence& a, const Evidence& b) { return a.t < b.t; });
  for (const Evidence& e : offences) result.add_evidence(e);
  result.verdict = worst(window_part.verdict, reenable_part.verdict);
  result.summary = summarise(result.verdict, window_part, reenable_part, offences, tally, context.reference_code);
  add_figures(result, tally);
  add_warnings(result, tally);
  return result;
}

}  // namespace freezedrill
