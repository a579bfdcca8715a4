#include "fakes/surfaces/retry_policy.h"

#include <algorithm>
#include <limits>

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

// The exponent of the capped exponential before send n + 1: n - 1.
std::uint32_t backoff_exponent(const BackoffInput& input) { return input.attempts > 0 ? input.attempts - 1 : 0; }

// 3 * value, saturating instead of overflowing.
Micros triple(Micros value) {
  constexpr Micros kLargest = std::numeric_limits<Micros>::max() / 3;
  return value > kLargest ? std::numeric_limits<Micros>::max() : 3 * value;
}

constexpr std::string_view kClientIgnoresRetryAfter = "client_ignores_retry_after";
constexpr std::string_view kClientNoJitter = "client_no_jitter";
constexpr std::string_view kClientUnboundedRetries = "client_unbounded_retries";
constexpr std::string_view kClientExceedsMaxWait = "client_exceeds_max_wait";

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

Micros ExponentialBackoff::delay(const BackoffInput& input, Prng&) const {
  return capped_exponential(base_, cap_, backoff_exponent(input));
}

Micros FullJitter::delay(const BackoffInput& input, Prng& rng) const {
  return uniform_int(rng, 0, capped_exponential(base_, cap_, backoff_exponent(input)));
}

Micros EqualJitter::delay(const BackoffInput& input, Prng& rng) const {
  Micros ceiling = capped_exponential(base_, cap_, backoff_exponent(input));
  Micros half = ceiling / 2;
  return half + uniform_int(rng, 0, ceiling - half);
}

Micros DecorrelatedJitter::delay(const BackoffInput& input, Prng& rng) const {
  Micros previous = input.previous_delay > 0 ? input.previous_delay : base_;
  Micros upper = std::max(base_, triple(previous));
  return std::min(cap_, uniform_int(rng, base_, upper));
}

std::unique_ptr<RetryPolicy> make_retry_policy(const RetrySpec& spec) {
  if (spec.policy == "none") return std::make_unique<NoRetry>();
  if (spec.policy == "fixed") return std::make_unique<FixedBackoff>(spec.base);
  if (spec.policy == "exponential") return std::make_unique<ExponentialBackoff>(spec.base, spec.cap);
  if (spec.policy == "full_jitter") return std::make_unique<FullJitter>(spec.base, spec.cap);
  if (spec.policy == "equal_jitter") return std::make_unique<EqualJitter>(spec.base, spec.cap);
  if (spec.policy == "decorrelated_jitter") return std::make_unique<DecorrelatedJitter>(spec.base, spec.cap);
  return nullptr;
}

const std::vector<std::string>& retry_policy_names() {
  static const std::vector<std::string> names = {"none",        "fixed",        "exponential",
                                                 "full_jitter", "equal_jitter", "decorrelated_jitter"};
  return names;
}

RetryBudget::RetryBudget(const RetryBudgetSpec& spec)
    : max_milli_tokens_(std::int64_t{spec.tokens} * 1000),
      milli_ratio_(spec.ratio_thousandths),
      milli_tokens_(max_milli_tokens_) {}

void RetryBudget::record_success() { milli_tokens_ = std::min(max_milli_tokens_, milli_tokens_ + milli_ratio_); }

void RetryBudget::record_failure() { milli_tokens_ = std::max<std::int64_t>(0, milli_tokens_ - 1000); }

ClientDefects ClientDefects::from_names(const std::vector<std::string>& names) {
  ClientDefects defects;
  for (const std::string& name : names) {
    if (name == kClientIgnoresRetryAfter) defects.ignores_retry_after = true;
    if (name == kClientNoJitter) defects.no_jitter = true;
    if (name == kClientUnboundedRetries) defects.unbounded_retries = true;
    if (name == kClientExceedsMaxWait) defects.exceeds_max_wait = true;
  }
  return defects;
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

RetryPlanner::RetryPlanner(const RetrySpec& spec, std::unique_ptr<RetryPolicy> policy, std::int64_t epoch_unix,
                           ClientDefects defects)
    : spec_(spec), policy_(std::move(policy)), epoch_unix_(epoch_unix), defects_(defects) {}

std::optional<Micros> RetryPlanner::honoured_wait(const ev::ResponseReceived& response, Micros received_at) const {
  if (!spec_.respect_retry_after || !carries_retry_after(response.status)) return std::nullopt;

  // The defect reads Retry-After as a rate-limit signal only, as some retry
  // libraries do, so a 423 or 503 falls back to the client's own backoff.
  if (defects_.ignores_retry_after && response.status != 429) return std::nullopt;
  return retry_after_wait(response, epoch_unix_, received_at);
}

std::string_view RetryPlanner::give_up_reason(const BackoffInput& input, const std::optional<Micros>& honoured,
                                              const RetryBudget* budget) const {
  if (!policy_->retries()) return "no_retry";

  std::uint32_t max_attempts = static_cast<std::uint32_t>(std::max(1, spec_.max_attempts));
  if (input.attempts >= max_attempts && !defects_.unbounded_retries) return "max_attempts";

  // Waiting would pass the caller's own deadline.
  bool over_max_wait = honoured && spec_.max_wait && *honoured > *spec_.max_wait;
  if (over_max_wait && !defects_.exceeds_max_wait) return "max_wait";

  if (budget != nullptr && !budget->allows_retry()) return "budget";
  return {};
}

Micros RetryPlanner::backoff_delay(const BackoffInput& input, Prng& rng) const {
  if (defects_.no_jitter) return capped_exponential(spec_.base, spec_.cap, backoff_exponent(input));
  return policy_->delay(input, rng);
}

Micros RetryPlanner::wait_after(Micros backoff, const std::optional<Micros>& honoured, Prng& rng) const {
  if (!honoured) return backoff;

  // The defect sleeps exactly W, with no jitter and no backoff floor, so
  // every client refused under an until-end Retry-After returns within about
  // a second after E.
  if (defects_.no_jitter) return *honoured;

  // Jitter on top of Retry-After, never below it: [W, 1.5 W].
  Micros jittered = *honoured + uniform_int(rng, 0, *honoured / 2);
  return std::max(backoff, jittered);
}

RetryDecision RetryPlanner::decide(const ev::ResponseReceived& response, Micros received_at,
                                   const BackoffInput& input, Prng& rng, RetryBudget* budget) const {
  using Action = RetryDecision::Action;
  if (!is_retryable_status(response.status)) {
    if (budget != nullptr) budget->record_success();
    return {Action::kDone, 0, 0, {}};
  }
  if (budget != nullptr) budget->record_failure();

  std::optional<Micros> honoured = honoured_wait(response, received_at);
  std::string_view reason = give_up_reason(input, honoured, budget);
  if (!reason.empty()) return {Action::kGiveUp, 0, 0, reason};

  Micros backoff = backoff_delay(input, rng);
  return {Action::kRetry, wait_after(backoff, honoured, rng), backoff, {}};
}

}  // namespace freezedrill
