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
//
// The jittered policies follow "Exponential Backoff And Jitter" (Marc
// Brooker, AWS Architecture Blog, 2015). In the formulas below, n is
// BackoffInput::attempts and min(cap, base * 2^(n - 1)) is the capped
// exponential; every range is inclusive at both ends.
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

// `fixed`: base on every retry, with no growth and no jitter.
class FixedBackoff final : public RetryPolicy {
 public:
  explicit FixedBackoff(Micros base) : base_(base) {}
  std::string_view name() const override { return "fixed"; }
  Micros delay(const BackoffInput&, Prng&) const override { return base_; }

 private:
  Micros base_;
};

// `exponential`: the capped exponential itself, min(cap, base * 2^(n - 1)),
// with no jitter. Clients refused at the same instant retry in lockstep.
class ExponentialBackoff final : public RetryPolicy {
 public:
  ExponentialBackoff(Micros base, Micros cap) : base_(base), cap_(cap) {}
  std::string_view name() const override { return "exponential"; }
  Micros delay(const BackoffInput& input, Prng&) const override;

 private:
  Micros base_;
  Micros cap_;
};

// `full_jitter`: uniform(0, min(cap, base * 2^(n - 1))).
class FullJitter final : public RetryPolicy {
 public:
  FullJitter(Micros base, Micros cap) : base_(base), cap_(cap) {}
  std::string_view name() const override { return "full_jitter"; }
  Micros delay(const BackoffInput& input, Prng& rng) const override;

 private:
  Micros base_;
  Micros cap_;
};

// `equal_jitter`: with v the capped exponential, v/2 + uniform(0, v - v/2),
// so the delay lies in [v/2, v] (v/2 rounded down to the microsecond).
class EqualJitter final : public RetryPolicy {
 public:
  EqualJitter(Micros base, Micros cap) : base_(base), cap_(cap) {}
  std::string_view name() const override { return "equal_jitter"; }
  Micros delay(const BackoffInput& input, Prng& rng) const override;

 private:
  Micros base_;
  Micros cap_;
};

// `decorrelated_jitter`: min(cap, uniform(base, 3 * previous)), where
// previous is the operation's last delay from this policy, or base before
// the first retry. The delay never falls below base, because cap >= base.
class DecorrelatedJitter final : public RetryPolicy {
 public:
  DecorrelatedJitter(Micros base, Micros cap) : base_(base), cap_(cap) {}
  std::string_view name() const override { return "decorrelated_jitter"; }
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

// A client's token-bucket retry budget, the retry throttling of gRPC
// ("gRPC Retry Design", gRFC A6). The bucket starts full at `tokens`. A
// response that is not retryable adds `ratio` tokens, up to `tokens`, and a
// retryable one removes 1 token, down to 0. A retry is allowed only while
// more than tokens / 2 remain. Tokens are counted in thousandths as
// integers, so the count is exact. Each client has one budget, shared by
// all of its operations.
class RetryBudget {
 public:
  explicit RetryBudget(const RetryBudgetSpec& spec);

  void record_success();
  void record_failure();
  bool allows_retry() const { return 2 * milli_tokens_ > max_milli_tokens_; }

  std::int64_t milli_tokens() const { return milli_tokens_; }

 private:
  std::int64_t max_milli_tokens_;
  std::int64_t milli_ratio_;
  std::int64_t milli_tokens_;
};

// The client defects a scenario switches on by name in deployment.defects,
// each a retry bug of real client libraries. Read once per client surface.
struct ClientDefects {
  bool ignores_retry_after = false;  // honours Retry-After on 429 only, not on 423 or 503
  bool no_jitter = false;            // waits exactly W, else the capped exponential without jitter
  bool unbounded_retries = false;    // ignores max_attempts
  bool exceeds_max_wait = false;     // waits for a Retry-After above max_wait instead of giving up

  // Names that are not client defects are ignored, because the scenario
  // loader validates every name against the defect catalogue.
  static ClientDefects from_names(const std::vector<std::string>& names);
};

// The client's next step after one response.
struct RetryDecision {
  enum class Action { kDone, kRetry, kGiveUp };
  Action action = Action::kDone;
  Micros wait = 0;          // kRetry: send the next attempt this long after the receipt
  Micros backoff = 0;       // kRetry: the policy's own delay, for BackoffInput::previous_delay
  std::string_view reason;  // kGiveUp: "no_retry", "max_attempts", "max_wait" or "budget"
};

// Combines a retry policy with the attempt limit, Retry-After, max_wait and
// the client's retry budget, in this order:
// 1. a status that is not retryable ends the operation (kDone) and adds to
//    the budget; a retryable one takes a token from it;
// 2. a policy that never retries gives up ("no_retry");
// 3. when the sends reach max_attempts, give up ("max_attempts"); a limit
//    below 1 counts as 1;
// 4. with respect_retry_after and a valid Retry-After W on a 423, 429 or 503:
//    if max_wait is set and W > max_wait, give up at once ("max_wait"), since
//    waiting would pass the caller's own deadline;
// 5. when the budget has no more than half its tokens, give up ("budget");
// 6. with a W from step 4, wait max(backoff, W + uniform(0, W/2)), so the
//    jitter goes on top of W and never below it, and the wait stays in
//    [W, 1.5 W] unless the backoff alone is longer;
// 7. otherwise wait the policy's backoff.
// The backoff is drawn before the Retry-After jitter, always from `rng`.
// Switched-on ClientDefects change steps 3, 4, 6 and 7 as they describe.
class RetryPlanner {
 public:
  RetryPlanner(const RetrySpec& spec, std::unique_ptr<RetryPolicy> policy, std::int64_t epoch_unix,
               ClientDefects defects = {});

  // `budget` is the client's own, or null for a client without one.
  RetryDecision decide(const ev::ResponseReceived& response, Micros received_at, const BackoffInput& input,
                       Prng& rng, RetryBudget* budget = nullptr) const;

  const RetryPolicy& policy() const { return *policy_; }
  const RetrySpec& spec() const { return spec_; }
  const ClientDefects& defects() const { return defects_; }

 private:
  std::optional<Micros> honoured_wait(const ev::ResponseReceived& response, Micros received_at) const;
  std::string_view give_up_reason(const BackoffInput& input, const std::optional<Micros>& honoured,
                                  const RetryBudget* budget) const;
  Micros backoff_delay(const BackoffInput& input, Prng& rng) const;
  Micros wait_after(Micros backoff, const std::optional<Micros>& honoured, Prng& rng) const;

  RetrySpec spec_;
  std::unique_ptr<RetryPolicy> policy_;
  std::int64_t epoch_unix_;
  ClientDefects defects_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_RETRY_POLICY_H_
