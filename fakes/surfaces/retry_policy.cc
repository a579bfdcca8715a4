#include "fakes/surfaces/retry_policy.h"

#include <algorithm>

#include "sim/runtime/distributions.h"

namespace freezedrill {
namespace {

// Waits are clamped to 100 years so that now + 1.5 W cannot overflow Micros.
constexpr Micros kMaxWait = 100 * 365 * kMicrosPerDay;

bool carries_retry_after(int status) { return status == 423 || status == 429 || status == 503; }

Micros seconds_to_micros(std::int64_t seconds) {
  if (seconds >= kMaxWait / kMicrosPerSecond) return kMaxWait;
  return seconds * kMicrosPerSecond;
}

}  // namespace

bool is_retryable_status(int status) { return status == 0 || carries_retry_after(status); }

Micros capped_exponential(Micros base, Micros cap, std::uint32_t exponent) {
  if (base <= 0 || cap <= 0) return 0;
  if (base >= cap) return cap;

  // base < cap here, so doubling stops before it can overflow.
  Micros value = base;
  for (std::uint32_t i = 0; i < exponent && value < cap; ++i) value *= 2;
  return std::min(value, cap);
}

Micros FullJitter::delay(const BackoffInput& input, Prng& rng) const {
  std::uint32_t exponent = input.attempts > 0 ? input.attempts - 1 : 0;
  return uniform_int(rng, 0, capped_exponential(base_, cap_, exponent));
}

std::unique_ptr<RetryPolicy> make_retry_policy(const RetrySpec& spec) {
  if (spec.policy == "none") return std::make_unique<NoRetry>();
  if (spec.policy == "full_jitter") return std::make_unique<FullJitter>(spec.base, spec.cap);
  return nullptr;
}

const std::vector<std::string>& retry_policy_names() {
  static const std::vector<std::string> names = {"none", "full_jitter"};
  return names;
}

std::optional<Micros> retry_after_wait(const ev::ResponseReceived& response, std::int64_t epoch_unix,
                                       Micros received_at) {
  switch (response.retry_after_form) {
    case RetryAfterForm::kDelaySeconds:
      return seconds_to_micros(std::max<std::int64_t>(0, response.retry_after_seconds));

    case RetryAfterForm::kImfFixdate:
    case RetryAfterForm::kRfc850:
    case RetryAfterForm::kAsctime: {
      if (response.date != kNoTime) {
        return seconds_to_micros(std::max<std::int64_t>(0, response.retry_after_date - response.date));
      }
      // No Date header: the receipt's calendar time, to the microsecond.
      Micros until = seconds_to_micros(std::max<std::int64_t>(0, response.retry_after_date - epoch_unix));
      return std::clamp<Micros>(until - received_at, 0, kMaxWait);
    }

    case RetryAfterForm::kAbsent:
    case RetryAfterForm::kInvalid:
      return std::nullopt;
  }
  return std::nullopt;
}

RetryPlanner::RetryPlanner(const RetrySpec& spec, std::unique_ptr<RetryPolicy> policy, std::int64_t epoch_unix)
    : spec_(spec), policy_(std::move(policy)), epoch_unix_(epoch_unix) {}

std::optional<Micros> RetryPlanner::honoured_wait(const ev::ResponseReceived& response, Micros received_at) const {
  if (!spec_.respect_retry_after || !carries_retry_after(response.status)) return std::nullopt;
  return retry_after_wait(response, epoch_unix_, received_at);
}

RetryDecision RetryPlanner::decide(const ev::ResponseReceived& response, Micros received_at,
                                   const BackoffInput& input, Prng& rng) const {
  using Action = RetryDecision::Action;
  if (!is_retryable_status(response.status)) return {Action::kDone, 0, 0, {}};
  if (!policy_->retries()) return {Action::kGiveUp, 0, 0, "no_retry"};

  std::uint32_t max_attempts = static_cast<std::uint32_t>(std::max(1, spec_.max_attempts));
  if (input.attempts >= max_attempts) return {Action::kGiveUp, 0, 0, "max_attempts"};

  std::optional<Micros> honoured = honoured_wait(response, received_at);
  if (honoured && spec_.max_wait && *honoured > *spec_.max_wait) return {Action::kGiveUp, 0, 0, "max_wait"};

  Micros backoff = policy_->delay(input, rng);
  if (!honoured) return {Action::kRetry, backoff, backoff, {}};

  // Jitter on top of Retry-After, never below it: [W, 1.5 W].
  Micros jittered = *honoured + uniform_int(rng, 0, *honoured / 2);
  return {Action::kRetry, std::max(backoff, jittered), backoff, {}};
}

}  // namespace freezedrill
