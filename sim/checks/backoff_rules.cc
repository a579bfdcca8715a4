#include "sim/checks/backoff_rules.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "sim/checks/ratio.h"
#include "sim/checks/retry_deadline.h"
#include "sim/checks/text.h"

namespace freezedrill {
namespace {

std::optional<std::int64_t> optional_thousandths(const CheckOptions& options, std::string_view name) {
  std::optional<double> value = options.optional_number(name);
  if (!value) return std::nullopt;
  return to_thousandths(*value);
}

// A time given in half microseconds, as seconds with six decimals, or seven
// when it ends in half a microsecond: 3 -> "0.0000015s".
std::string half_micros_text(Wide twice) {
  Micros whole = static_cast<Micros>(twice / 2);
  if (twice % 2 == 0) return time_text(whole);
  return format_seconds(whole) + "5s";
}

// Rule 1: attempts per operation.

struct AttemptTally {
  std::int64_t max_seen = 0;
  std::int64_t over = 0;
};

RuleOutcome attempt_limit_outcome(const AttemptTally& tally, const BackoffOptions& options,
                                  std::vector<Evidence> offences) {
  RuleOutcome outcome;
  outcome.figures = {{"max_attempts_seen", tally.max_seen}, {"operations_over_max_attempts", tally.over}};
  outcome.offences = std::move(offences);
  if (tally.over > 0) {
    outcome.verdict = Verdict::kFail;
    outcome.summary = fmt::format("{} more than max_attempts {} attempts (at most {})",
                                  count_text(tally.over, "operation made", "operations made"),
                                  options.max_attempts, tally.max_seen);
    return outcome;
  }
  outcome.verdict = Verdict::kPass;
  outcome.summary = fmt::format("at most {} per operation, within max_attempts {}",
                                count_text(tally.max_seen, "attempt", "attempts"), options.max_attempts);
  return outcome;
}

// Rule 2: delay between a response and the next attempt.

struct DelayTally {
  std::int64_t judged = 0;
  std::int64_t over = 0;
  std::int64_t without_previous_response = 0;
  Micros longest = std::numeric_limits<Micros>::min();
  Wide longest_bound_twice = 0;  // the bound that applied to the longest delay, doubled
};

// Twice the delay bound, max(2 cap, 3 W), so that 1.5 W stays an integer.
Wide twice_delay_bound(Micros cap, Micros wait) {
  return std::max(Wide{2} * cap, Wide{3} * wait);
}

std::string late_attempt_text(const History& history, const Operation& operation, std::size_t next,
                              Micros delay, Micros wait, Wide bound_twice, Micros cap) {
  const Attempt& previous = operation.attempts[next - 1];
  return fmt::format(
      "attempt {} of {} was sent {} after the {} received at {} for attempt {}, over the bound {} = "
      "max(cap {}, 1.5 x Retry-After wait {})",
      next + 1, operation_label(history, operation), time_text(delay), previous.response->status,
      time_text(previous.received_at), next, half_micros_text(bound_twice), format_duration(cap),
      time_text(wait));
}

void judge_delay(const History& history, const Operation& operation, std::size_t next,
                 const BackoffOptions& options, DelayTally& tally, std::vector<Evidence>& offences) {
  const Attempt& previous = operation.attempts[next - 1];
  if (!previous.answered()) {
    ++tally.without_previous_response;
    return;
  }

  const Attempt& attempt = operation.attempts[next];
  Micros delay = attempt.sent_at - previous.received_at;
  Micros wait = requested_wait(history, previous);
  Wide bound_twice = twice_delay_bound(options.cap, wait);
  ++tally.judged;
  if (delay > tally.longest) {
    tally.longest = delay;
    tally.longest_bound_twice = bound_twice;
  }

  if (Wide{2} * delay <= bound_twice) return;
  ++tally.over;
  offences.push_back(attempt_evidence(
      history, operation, attempt,
      late_attempt_text(history, operation, next, delay, wait, bound_twice, options.cap)));
}

RuleOutcome delay_outcome(const DelayTally& tally, std::vector<Evidence> offences) {
  RuleOutcome outcome;
  Micros longest = tally.judged > 0 ? tally.longest : 0;
  outcome.figures = {{"delays_judged", tally.judged},
                     {"delays_over_bound", tally.over},
                     {"longest_delay_us", longest},
                     {"longest_delay_bound_us", clamp_to_int64(tally.longest_bound_twice / 2)},
                     {"retries_without_previous_response", tally.without_previous_response}};
  outcome.offences = std::move(offences);
  if (tally.judged == 0) {
    outcome.summary = "no retry followed a response, so no delay was judged";
    return outcome;
  }
  if (tally.over > 0) {
    outcome.verdict = Verdict::kFail;
    outcome.summary = fmt::format("{} over max(cap, 1.5 x Retry-After wait)",
                                  count_text(tally.over, "retry delay was", "retry delays were"));
    return outcome;
  }
  outcome.verdict = Verdict::kPass;
  outcome.summary = fmt::format("{} within max(cap, 1.5 x Retry-After wait), the longest {}",
                                count_text(tally.judged, "retry delay", "retry delays"), time_text(longest));
  return outcome;
}

// Rule 3: giving up when Retry-After exceeds max_wait.

struct MaxWaitTally {
  std::int64_t judged = 0;
  std::int64_t gave_up_in_time = 0;
  std::int64_t retried = 0;
  std::int64_t late = 0;     // gave up after max_wait, or never
  std::int64_t unproven = 0; // the history ends before max_wait ran out
};

// The first attempt, in receive order, whose response requests a
// Retry-After wait over max_wait, and that wait.
const Attempt* first_over_max_wait(const History& history, const Operation& operation, Micros max_wait,
                                   Micros& wait) {
  const Attempt* first = nullptr;
  for (const Attempt& attempt : operation.attempts) {
    if (!attempt.answered()) continue;
    if (first != nullptr && attempt.received_index > first->received_index) continue;
    Micros requested = requested_wait(history, attempt);
    if (requested <= max_wait) continue;
    first = &attempt;
    wait = requested;
  }
  return first;
}

const Attempt* next_attempt_after(const Operation& operation, EventIndex index) {
  for (const Attempt& attempt : operation.attempts) {
    if (attempt.sent_index > index) return &attempt;
  }
  return nullptr;
}

std::string over_max_wait_text(const Attempt& response, Micros wait, Micros max_wait) {
  return fmt::format("the {} received at {} requested a wait of {}, over max_wait {}", response.response->status,
                     time_text(response.received_at), time_text(wait), format_duration(max_wait));
}

// Judges the give-up after `response`, whose wait exceeds max_wait.
void judge_give_up(const History& history, const Operation& operation, const Attempt& response, Micros wait,
                   Micros max_wait, MaxWaitTally& tally, std::vector<Evidence>& offences) {
  ++tally.judged;
  std::string reason = over_max_wait_text(response, wait, max_wait);
  if (const Attempt* further = next_attempt_after(operation, response.received_index)) {
    ++tally.retried;
    offences.push_back(attempt_evidence(history, operation, *further,
                                        fmt::format("{} retried at {} instead of giving up: {}",
                                                    operation_label(history, operation),
                                                    time_text(further->sent_at), reason)));
    return;
  }

  Micros limit = response.received_at + max_wait;
  const GiveUp* give_up = operation.give_up_after(response.received_index);
  if (give_up != nullptr && give_up->t <= limit) {
    ++tally.gave_up_in_time;
    return;
  }
  if (give_up == nullptr && history_end(history) < limit) {
    ++tally.unproven;
    return;
  }

  ++tally.late;
  std::string when = give_up != nullptr ? fmt::format("gave up only at {}", time_text(give_up->t))
                                        : std::string("never gave up");
  Evidence e = attempt_evidence(history, operation, response,
                                fmt::format("{} {}, after the limit {}: {}", operation_label(history, operation),
                                            when, time_text(limit), reason));
  e.t = give_up != nullptr ? give_up->t : response.received_at;
  offences.push_back(std::move(e));
}

RuleOutcome max_wait_outcome(const MaxWaitTally& tally, Micros max_wait, std::vector<Evidence> offences) {
  RuleOutcome outcome;
  outcome.figures = {{"max_wait_operations", tally.judged},
                     {"max_wait_gave_up_in_time", tally.gave_up_in_time},
                     {"max_wait_retried", tally.retried},
                     {"max_wait_late_give_ups", tally.late},
                     {"max_wait_unproven", tally.unproven}};
  outcome.offences = std::move(offences);
  if (tally.judged == 0) {
    outcome.summary = fmt::format("no Retry-After requested a wait over max_wait {}", format_duration(max_wait));
    return outcome;
  }
  if (tally.retried + tally.late > 0) {
    outcome.verdict = Verdict::kFail;
    outcome.summary = fmt::format(
        "{} to give up within max_wait {} after a longer Retry-After ({} retried, {} gave up late or never)",
        count_text(tally.retried + tally.late, "operation failed", "operations failed"),
        format_duration(max_wait), tally.retried, tally.late);
    return outcome;
  }
  if (tally.unproven > 0) {
    outcome.verdict = Verdict::kInconclusive;
    outcome.summary = fmt::format("the history ends before max_wait {} ran out for {} without a give-up",
                                  format_duration(max_wait),
                                  count_text(tally.unproven, "operation", "operations"));
    return outcome;
  }
  outcome.verdict = Verdict::kPass;
  outcome.summary = fmt::format("{} within max_wait {} after a longer Retry-After",
                                count_text(tally.gave_up_in_time, "operation gave up", "operations gave up"),
                                format_duration(max_wait));
  return outcome;
}

}  // namespace

BackoffOptions read_backoff_options(const CheckOptions& options) {
  BackoffOptions o;
  o.max_attempts = options.integer("max_attempts");
  o.cap = options.duration("cap");
  o.max_wait = options.optional_duration("max_wait");
  o.amplification = to_thousandths(options.number("amplification"));
  o.retry_budget = optional_thousandths(options, "retry_budget");
  o.herd_span = options.optional_duration("herd_span");
  o.herd_factor = to_thousandths(options.number("herd_factor"));
  o.herd_margin = to_thousandths(options.number("herd_margin"));
  return o;
}

Evidence attempt_evidence(const History& history, const Operation& operation, const Attempt& attempt,
                          std::string detail) {
  Evidence e;
  e.t = attempt.sent_at;
  e.actor = std::string(history.str(operation.actor));
  e.instance = attempt.answered() ? attempt.response->instance : kNoInstance;
  e.request_id = attempt.request->request_id;
  e.detail = std::move(detail);
  return e;
}

Micros requested_wait(const History& history, const Attempt& attempt) {
  std::optional<RetryDeadline> deadline = read_retry_deadline(history, attempt, 0);
  return deadline ? deadline->wait() : 0;
}

RuleOutcome judge_attempt_limit(const History& history, const std::vector<Operation>& operations,
                                const BackoffOptions& options) {
  AttemptTally tally;
  std::vector<Evidence> offences;
  for (const Operation& operation : operations) {
    auto attempts = static_cast<std::int64_t>(operation.attempts.size());
    tally.max_seen = std::max(tally.max_seen, attempts);
    if (attempts <= options.max_attempts) continue;

    ++tally.over;
    const Attempt& first_extra = operation.attempts[static_cast<std::size_t>(options.max_attempts)];
    offences.push_back(attempt_evidence(
        history, operation, first_extra,
        fmt::format("{} made {} attempts, over max_attempts {}; this is attempt {}",
                    operation_label(history, operation), attempts, options.max_attempts,
                    options.max_attempts + 1)));
  }
  if (operations.empty()) return RuleOutcome{};
  return attempt_limit_outcome(tally, options, std::move(offences));
}

RuleOutcome judge_delays(const History& history, const std::vector<Operation>& operations,
                         const BackoffOptions& options) {
  DelayTally tally;
  std::vector<Evidence> offences;
  for (const Operation& operation : operations) {
    for (std::size_t next = 1; next < operation.attempts.size(); ++next) {
      judge_delay(history, operation, next, options, tally, offences);
    }
  }
  return delay_outcome(tally, std::move(offences));
}

RuleOutcome judge_max_wait(const History& history, const std::vector<Operation>& operations,
                           const BackoffOptions& options) {
  MaxWaitTally tally;
  std::vector<Evidence> offences;
  if (!options.max_wait) {
    RuleOutcome off = max_wait_outcome(tally, 0, {});
    off.summary = "max_wait is off";
    return off;
  }

  for (const Operation& operation : operations) {
    Micros wait = 0;
    const Attempt* response = first_over_max_wait(history, operation, *options.max_wait, wait);
    if (response != nullptr) judge_give_up(history, operation, *response, wait, *options.max_wait, tally, offences);
  }
  return max_wait_outcome(tally, *options.max_wait, std::move(offences));
}

}  // namespace freezedrill
