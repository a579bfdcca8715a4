#ifndef FREEZEDRILL_FAKES_SURFACES_RETRY_POLICY_H_
#define FREEZEDRILL_FAKES_SURFACES_RETRY_POLICY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.h"
#include "sim/history/events.h"
#include "sim/runtime/prng.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// True for the statuses a client retries: 423 Locked (RFC 4918 section 11.3),
// 429 Too Many Requests, 503 Service Unavailable, and 0 (a transport failure).
bool is_retryable_status(int status);

// The state of one logical operation that a backoff policy reads.
struct BackoffInput {
  std::uint32_t attempts = 0;  // sends so far, at least 1
  Micros previous_delay = 0;   // this policy's last delay for the operation, 0 before the first retry
};

// A backoff strategy: the delay before the next attempt of one operation,
// drawn from the client's own stream. Policies contain only their settings,
// so one instance serves every client of a surface. Per-operation state comes
// in through BackoffInput, which also carries the previous delay that
// decorrelated jitter needs.
// TODO: fixed, exponential, equal_jitter and decorrelated_jitter are not
// implemented yet; make_retry_policy() returns nullptr for them.
class RetryPolicy {
 public:
  virtual ~RetryPolicy() = default;
  virtual std::string_view name() const = 0;
  // False when the policy never retries: the operation is given up after its
  // first retryable response.
  virtual bool retries() const { return true; }
  virtual Micros delay(const BackoffInput& input, Prng& rng) const = 0;
};

// `none`: one attempt, no retry.
class NoRetry final : public RetryPolicy {
 public:
  std::string_view name() const override { return "none"; }
  bool retries() const override { return false; }
  Micros delay(const BackoffInput&, Prng&) const override { return 0; }
};

// `full_jitter`: uniform(0, min(cap, base * 2^(attempts - 1))) microseconds,
// both ends included. Named in "Exponential Backoff And Jitter" (Marc
// Brooker, AWS Architecture Blog, 2015).
class FullJitter final : public RetryPolicy {
 public:
  FullJitter(Micros base, Micros cap) : base_(base), cap_(cap) {}
  std::string_view name() const override { return "full_jitter"; }
  Micros delay(const BackoffInput& input, Prng& rng) const override;

 private:
  Micros base_;
  Micros cap_;
};

// min(cap, base * 2^exponent) without overflow. A negative base counts as 0.
Micros capped_exponential(Micros base, Micros cap, std::uint32_t exponent);

// The policy named by spec.policy, or nullptr if the name is not implemented.
std::unique_ptr<RetryPolicy> make_retry_policy(const RetrySpec& spec);

// The policy names make_retry_policy() accepts, in a fixed order.
const std::vector<std::string>& retry_policy_names();

// The wait W that a valid Retry-After on this response requests, in
// microseconds and never negative, or nullopt when there is none.
// delay-seconds counts from the receipt (RFC 9110 section 10.2.3). An
// HTTP-date is turned into a delay against the response's Date header, which
// carries the server's clock; without Date, against the calendar time of the
// receipt (epoch_unix plus received_at).
std::optional<Micros> retry_after_wait(const ev::ResponseReceived& response, std::int64_t epoch_unix,
                                       Micros received_at);

// The client's next step after one response.
struct RetryDecision {
  enum class Action { kDone, kRetry, kGiveUp };
  Action action = Action::kDone;
  Micros wait = 0;          // kRetry: send the next attempt this long after the receipt
  Micros backoff = 0;       // kRetry: the policy's own delay, for BackoffInput::previous_delay
  std::string_view reason;  // kGiveUp: "no_retry", "max_attempts" or "max_wait"
};

// Combines a retry policy with the attempt limit, Retry-After and max_wait,
// in this order:
// 1. a status that is not retryable ends the operation (kDone);
// 2. a policy that never retries gives up ("no_retry");
// 3. when the sends reach max_attempts, give up ("max_attempts"); a limit
//    below 1 counts as 1;
// 4. with respect_retry_after and a valid Retry-After W on a 423, 429 or 503:
//    if max_wait is set and W > max_wait, give up at once ("max_wait"), since
//    waiting would pass the caller's own deadline; else wait
//    max(backoff, W + uniform(0, W/2)), so the jitter goes on top of W and
//    never below it, and the wait stays in [W, 1.5 W] unless the backoff
//    alone is longer;
// 5. otherwise wait the policy's backoff.
// The backoff is drawn before the Retry-After jitter, always from `rng`.
class RetryPlanner {
 public:
  RetryPlanner(const RetrySpec& spec, std::unique_ptr<RetryPolicy> policy, std::int64_t epoch_unix);

  RetryDecision decide(const ev::ResponseReceived& response, Micros received_at, const BackoffInput& input,
                       Prng& rng) const;

  const RetryPolicy& policy() const { return *policy_; }

 private:
  std::optional<Micros> honoured_wait(const ev::ResponseReceived& response, Micros received_at) const;

  RetrySpec spec_;
  std::unique_ptr<RetryPolicy> policy_;
  std::int64_t epoch_unix_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_RETRY_POLICY_H_
