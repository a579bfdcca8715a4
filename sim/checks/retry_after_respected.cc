#include "sim/checks/retry_after_respected.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "sim/checks/operations.h"
#include "sim/checks/retry_deadline.h"
#include "sim/checks/text.h"

namespace freezedrill {
namespace {

// Counters behind the check's figures.
struct RespectTally {
  std::int64_t deadlines_set = 0;
  std::int64_t deadlines_replaced = 0;
  std::int64_t next_attempts_judged = 0;
  std::int64_t early_attempts = 0;
  Micros earliest_by = 0;  // the largest (deadline - send time) of an early attempt
  std::int64_t gave_up_after_deadline = 0;
  std::int64_t dates_without_date_header = 0;
};

// A send or a receive of one attempt, placed by its position in the history
// so that events sharing a time stamp keep their recorded order.
struct Moment {
  EventIndex index = 0;
  bool send = false;
  const Attempt* attempt = nullptr;
  std::size_t number = 0;  // 1 for the first attempt
};

std::vector<Moment> moments_of(const Operation& operation) {
  std::vector<Moment> moments;
  for (std::size_t i = 0; i < operation.attempts.size(); ++i) {
    const Attempt& attempt = operation.attempts[i];
    moments.push_back(Moment{attempt.sent_index, true, &attempt, i + 1});
    if (attempt.answered()) moments.push_back(Moment{attempt.received_index, false, &attempt, i + 1});
  }
  std::sort(moments.begin(), moments.end(), [](const Moment& a, const Moment& b) { return a.index < b.index; });
  return moments;
}

// The deadline waiting for the operation's next attempt, and the response that set it.
struct PendingDeadline {
  RetryDeadline deadline;
  const Attempt* setter = nullptr;
};

std::string deadline_source_text(const History& history, const PendingDeadline& pending, Micros skew_tolerance) {
  const ev::ResponseReceived& response = *pending.setter->response;
  std::string text = fmt::format("the {} received at {} (Retry-After {}", response.status,
                                 time_text(pending.setter->received_at),
                                 quote_value(history.str(response.retry_after_raw)));
  if (pending.deadline.without_date_header) {
    text += fmt::format(", an HTTP-date without a Date header, less skew_tolerance {}",
                        format_duration(skew_tolerance));
  }
  return text + ")";
}

Evidence early_attempt_evidence(const History& history, const Operation& operation, const Moment& next,
                                const PendingDeadline& pending, Micros skew_tolerance) {
  const Attempt& attempt = *next.attempt;
  Micros deadline = pending.deadline.at;
  Evidence e;
  e.t = attempt.sent_at;
  e.actor = std::string(history.str(operation.actor));
  e.instance = attempt.answered() ? attempt.response->instance : kNoInstance;
  e.request_id = attempt.request->request_id;
  e.detail = fmt::format("attempt {} of {} was sent {} before the deadline {} set by {}", next.number,
                         operation_label(history, operation), time_text(deadline - attempt.sent_at),
                         time_text(deadline), deadline_source_text(history, pending, skew_tolerance));
  return e;
}

// The rule for one next attempt: sent at or after the deadline.
void judge_next_attempt(const History& history, const Operation& operation, const Moment& next,
                        const PendingDeadline& pending, Micros skew_tolerance, RespectTally& tally,
                        std::vector<Evidence>& offences) {
  ++tally.next_attempts_judged;
  Micros early_by = pending.deadline.at - next.attempt->sent_at;
  if (early_by <= 0) return;
  ++tally.early_attempts;
  tally.earliest_by = std::max(tally.earliest_by, early_by);
  offences.push_back(early_attempt_evidence(history, operation, next, pending, skew_tolerance));
}

// Walks one operation's sends and receives in recorded order. A response
// that sets a deadline replaces any deadline still pending, and the next
// send consumes it.
void judge_operation(const History& history, const Operation& operation, Micros skew_tolerance,
                     RespectTally& tally, std::vector<Evidence>& offences) {
  std::optional<PendingDeadline> pending;
  for (const Moment& moment : moments_of(operation)) {
    if (moment.send) {
      if (pending) judge_next_attempt(history, operation, moment, *pending, skew_tolerance, tally, offences);
      pending.reset();
      continue;
    }

    std::optional<RetryDeadline> deadline = read_retry_deadline(history, *moment.attempt, skew_tolerance);
    if (!deadline) continue;
    ++tally.deadlines_set;
    if (deadline->without_date_header) ++tally.dates_without_date_header;
    if (pending) ++tally.deadlines_replaced;
    pending = PendingDeadline{*deadline, moment.attempt};
  }
  if (pending) ++tally.gave_up_after_deadline;
}

void add_figures(CheckResult& result, const RespectTally& tally) {
  result.add_figure("deadlines_set", tally.deadlines_set);
  result.add_figure("deadlines_replaced", tally.deadlines_replaced);
  result.add_figure("next_attempts_judged", tally.next_attempts_judged);
  result.add_figure("early_attempts", tally.early_attempts);
  result.add_figure("earliest_by_us", tally.earliest_by);
  result.add_figure("gave_up_after_deadline", tally.gave_up_after_deadline);
  result.add_figure("dates_without_date_header", tally.dates_without_date_header);
}

void add_warnings(CheckResult& result, const RespectTally& tally, Micros skew_tolerance) {
  if (tally.dates_without_date_header == 0) return;
  result.warnings.push_back(fmt::format(
      "{} without a Date header, so each deadline is the date in virtual time less skew_tolerance {}, not the "
      "date measured against the sender's clock.",
      count_text(tally.dates_without_date_header, "Retry-After HTTP-date came", "Retry-After HTTP-dates came"),
      format_duration(skew_tolerance)));
}

void set_verdict(CheckResult& result, const RespectTally& tally) {
  if (tally.deadlines_set == 0) {
    result.verdict = Verdict::kNotApplicable;
    result.summary = "no 423, 429 or 503 response carried a valid Retry-After, so no deadline was set";
    return;
  }
  if (tally.early_attempts > 0) {
    const Evidence& first = result.evidence.front();
    result.verdict = Verdict::kFail;
    result.summary = fmt::format("{} before its Retry-After deadline. First, by {}: {}",
                                 count_text(tally.early_attempts, "attempt was sent", "attempts were sent"),
                                 first.actor, first.detail);
    return;
  }
  result.verdict = Verdict::kPass;
  result.summary = fmt::format(
      "{} waited for the Retry-After deadline, and {} after one ({} set)",
      count_text(tally.next_attempts_judged, "next attempt", "next attempts"),
      count_text(tally.gave_up_after_deadline, "operation gave up", "operations gave up"),
      count_text(tally.deadlines_set, "deadline", "deadlines"));
}

}  // namespace

std::string_view RetryAfterRespectedCheck::summary() const {
  return "after a 423, 429 or 503 with Retry-After, the next attempt of the operation waits for the deadline";
}

std::string_view RetryAfterRespectedCheck::remedy() const {
  return "Wait at least the Retry-After delay before the next attempt of the same operation and add jitter on "
         "top (wait in [W, 1.5 W]). Measure an HTTP-date against the response's Date header, and give up, "
         "keeping the intent for replay, when the wait exceeds the caller's own deadline.";
}

std::vector<OptionSpec> RetryAfterRespectedCheck::options() const {
  return {OptionSpec{"skew_tolerance", OptionSpec::Type::kDuration, "1s",
                     "Time an attempt may come before an HTTP-date deadline when the response had no Date header, "
                     "as a duration (\"1s\").",
                     false}};
}

CheckResult RetryAfterRespectedCheck::run(const History& history, const CheckOptions& options) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  Micros skew_tolerance = options.duration("skew_tolerance");

  RespectTally tally;
  std::vector<Evidence> offences;
  for (const Operation& operation : collect_operations(history)) {
    judge_operation(history, operation, skew_tolerance, tally, offences);
  }

  std::stable_sort(offences.begin(), offences.end(), [](const Evidence& a, const Evidence& b) { return a.t < b.t; });
  for (Evidence& e : offences) result.add_evidence(std::move(e));
  add_figures(result, tally);
  add_warnings(result, tally, skew_tolerance);
  set_verdict(result, tally);
  return result;
}

}  // namespace freezedrill
