#include "sim/checks/write_status_rules.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "sim/checks/text.h"
#include "sim/http/retry_after.h"

namespace freezedrill {
namespace {

// Deadlines are compared in microseconds. Clamping a delay to this bound
// (about 31,700 years, far outside any window) keeps the conversion inside int64.
constexpr std::int64_t kMaxDeadlineSeconds = 1'000'000'000'000;

// A Retry-After value as a client has to act on it.
struct RetryAfterReading {
  RetryAfterValue value;
  std::string quoted_raw;  // the raw value, quoted for messages
  std::int64_t delay = 0;  // in seconds, an HTTP-date converted to a delay
};

using Problems = std::vector<std::string>;

std::int64_t received_unix(const WindowJudgeContext& context, const WritePair& write) {
  return unix_seconds_at(context.history, write.received_at);
}

// Status rule: a frozen write endpoint refuses with 423 or 503.
bool judge_status(const ev::ResponseReceived& response, WriteStatusTally& tally, Problems& problems) {
  if (is_refusal_status(response.status)) return true;
  ++tally.wrong_status;
  problems.push_back(fmt::format("status {}, expected 423 or 503", response.status));
  return false;
}

// Converts a Retry-After HTTP-date to a delay in seconds. A date is an
// instant on the sender's clock, so the delay is measured from the response's
// Date header. Without one, the receive time is used instead.
std::int64_t date_delay(const RetryAfterValue& value, const ev::ResponseReceived& response,
                        std::int64_t received_unix_seconds, WriteStatusTally& tally) {
  // RFC 9110 section 5.6.7: recipients accept all three HTTP-date forms, but
  // senders must use IMF-fixdate, so the others pass with a warning.
  if (value.form != RetryAfterForm::kImfFixdate) ++tally.non_imf_dates;

  std::int64_t base = response.date;
  if (base == kNoTime) {
    ++tally.dates_without_date_header;
    base = received_unix_seconds;
  }
  return value.date_unix - base;
}

// Retry-After rule, first half: exactly one field line holding delay-seconds
// or an HTTP-date (RFC 9110 section 10.2.3). The recorded parse is not
// trusted, so the raw lines are parsed again here.
std::optional<RetryAfterReading> read_retry_after(const WindowJudgeContext& context, const WritePair& write,
                                                  WriteStatusTally& tally, Problems& problems) {
  const ev::ResponseReceived& response = *write.response;
  std::string_view raw = context.history.str(response.retry_after_raw);
  std::int64_t now = received_unix(context, write);

  RetryAfterReading reading;
  reading.value = parse_retry_after(split_retry_after_raw(raw, response.retry_after_count), now);
  reading.quoted_raw = quote_value(raw);
  if (reading.value.form == RetryAfterForm::kAbsent) {
    ++tally.missing_retry_after;
    problems.push_back("no Retry-After field");
    return std::nullopt;
  }
  if (!reading.value.valid()) {
    ++tally.invalid_retry_after;
    problems.push_back(fmt::format("Retry-After {} is invalid: {}", reading.quoted_raw, reading.value.error));
    return std::nullopt;
  }
  reading.delay = reading.value.is_date() ? date_delay(reading.value, response, now, tally)
                                          : reading.value.delay_seconds;
  return reading;
}

// Retry-After rule, second half: the delay lies in [1, max_retry_after].
// Zero would invite an immediate retry storm.
void judge_bounds(const WindowJudgeContext& context, const RetryAfterReading& reading, WriteStatusTally& tally,
                  Problems& problems) {
  std::int64_t max_seconds = context.options.max_retry_after / kMicrosPerSecond;
  if (reading.delay >= 1 && reading.delay <= max_seconds) return;
  ++tally.out_of_bounds_retry_after;
  problems.push_back(fmt::format("Retry-After {} asks for a delay of {} s, outside [1, {}] s", reading.quoted_raw,
                                 reading.delay, max_seconds));
}

// "120 s" for a whole number of seconds, else the duration as a scenario writes it.
std::string seconds_text(Micros d) {
  if (d % kMicrosPerSecond != 0) return format_duration(d);
  return fmt::format("{} s", d / kMicrosPerSecond);
}

std::string_view form_text(bool is_date) { return is_date ? "an HTTP-date" : "delay-seconds"; }

// Policy rule for a fixed Retry-After: the declared form and exactly the
// declared number of seconds.
void judge_fixed_policy(const WindowJudgeContext& context, const RetryAfterReading& reading,
                        WriteStatusTally& tally, Problems& problems) {
  const RetryAfterPolicy& policy = context.history.header().retry_after;
  bool wants_date = policy.form == RetryAfterPolicy::Form::kDate;
  if (reading.value.is_date() != wants_date) {
    ++tally.policy_mismatches;
    problems.push_back(fmt::format("Retry-After {} is {}, but the declared policy sends {}", reading.quoted_raw,
                                   form_text(reading.value.is_date()), form_text(wants_date)));
    return;
  }

  bool whole_seconds = policy.value % kMicrosPerSecond == 0;
  if (whole_seconds && reading.delay == policy.value / kMicrosPerSecond) return;
  ++tally.policy_mismatches;
  problems.push_back(fmt::format("Retry-After {} asks for {} s, but the declared fixed policy is {}",
                                 reading.quoted_raw, reading.delay, seconds_text(policy.value)));
}

// The instant a client may retry, in virtual time: the receive time plus
// delay-seconds, or the HTTP-date itself.
Micros retry_deadline(const WindowJudgeContext& context, const WritePair& write,
                      const RetryAfterReading& reading) {
  std::int64_t deadline_unix = reading.value.is_date()
                                   ? reading.value.date_unix
                                   : received_unix(context, write) + std::min(reading.delay, kMaxDeadlineSeconds);
  std::int64_t seconds = std::clamp(deadline_unix - context.history.header().epoch_unix, -kMaxDeadlineSeconds,
                                    kMaxDeadlineSeconds);
  return seconds * kMicrosPerSecond;
}

// Policy rule for until_end: the deadline lies within extension_tolerance of
// the end in force when the response arrived, both sides inclusive, so an
// extension must show in Retry-After from the moment it is made.
void judge_until_end_policy(const WindowJudgeContext& context, const WritePair& write,
                            const RetryAfterReading& reading, WriteStatusTally& tally, Problems& problems) {
  Micros deadline = retry_deadline(context, write, reading);
  Micros end = context.ends.at(write.received_at);
  Micros gap = deadline - end;
  Micros distance = gap < 0 ? -gap : gap;
  if (distance <= context.options.extension_tolerance) return;

  ++tally.policy_mismatches;
  problems.push_back(fmt::format(
      "Retry-After {} sets a deadline of {}, {} {} the current end of the window at {} (tolerance {})",
      reading.quoted_raw, time_text(deadline), time_text(distance), gap < 0 ? "before" : "after", time_text(end),
      format_duration(context.options.extension_tolerance)));
}

void judge_policy(const WindowJudgeContext& context, const WritePair& write, const RetryAfterReading& reading,
                  WriteStatusTally& tally, Problems& problems) {
  const RetryAfterPolicy& policy = context.history.header().retry_after;
  if (!policy.declared) return;
  if (policy.kind == RetryAfterPolicy::Kind::kFixed) {
    judge_fixed_policy(context, reading, tally, problems);
  } else {
    judge_until_end_policy(context, write, reading, tally, problems);
  }
}

// Error code rule: a machine-readable code (RFC 9457 problem details or the
// scenario's pointer or header) on every refusal, identical across endpoints
// and instances. The first code seen is the reference.
void judge_error_code(WindowJudgeContext& context, const ev::ResponseReceived& response,
                      WriteStatusTally& tally, Problems& problems) {
  std::string_view code = context.history.str(response.error_code);
  if (code.empty()) {
    ++tally.missing_code;
    problems.push_back("no error code");
    return;
  }
  if (context.reference_code.empty()) {
    context.reference_code = std::string(code);
    return;
  }
  if (code == context.reference_code) return;
  ++tally.differing_codes;
  problems.push_back(fmt::format("error code {} differs from {}, the first code seen", quote_value(code),
                                 quote_value(context.reference_code)));
}

}  // namespace

WriteStatusOptions read_write_status_options(const CheckOptions& options) {
  WriteStatusOptions o;
  o.fence_grace = options.duration("fence_grace");
  o.reenable_within = options.duration("reenable_within");
  o.max_retry_after = options.duration("max_retry_after");
  o.extension_tolerance = options.duration("extension_tolerance");
  return o;
}

bool is_refusal_status(std::uint16_t status) { return status == 423 || status == 503; }

std::vector<std::string> judge_window_response(WindowJudgeContext& context, const WritePair& write,
                                               WriteStatusTally& tally) {
  Problems problems;
  const ev::ResponseReceived& response = *write.response;
  ++tally.window_judged;

  // The Retry-After and code rules describe a refusal. For a write that went
  // through, the wrong status is the whole problem.
  if (!judge_status(response, tally, problems)) return problems;

  if (auto reading = read_retry_after(context, write, tally, problems)) {
    judge_bounds(context, *reading, tally, problems);
    judge_policy(context, write, *reading, tally, problems);
  }
  judge_error_code(context, response, tally, problems);
  return problems;
}

}  // namespace freezedrill
