// Backoff policies, the token-bucket retry budget and the client defects, at
// the level of RetryPlanner::decide(). The client-level behaviour (what is
// sent and when) is in client_test.cc.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fakes/surfaces/retry_policy.h"
#include "sim/runtime/distributions.h"
#include "sim/runtime/prng.h"
#include "sim/scenario/model.h"

namespace freezedrill {
namespace {

constexpr std::uint64_t kSeed = 42;
constexpr int kDraws = 10000;
constexpr Micros kBase = 100 * kMicrosPerMilli;
constexpr Micros kCap = kMicrosPerSecond;

RetrySpec spec_for(const std::string& policy) {
  RetrySpec spec;
  spec.policy = policy;
  spec.base = kBase;
  spec.cap = kCap;
  return spec;
}

std::unique_ptr<RetryPolicy> policy_for(const std::string& name) { return make_retry_policy(spec_for(name)); }

// The capped exponential before send n + 1 with kBase and kCap.
Micros ceiling_after(std::uint32_t attempts) { return capped_exponential(kBase, kCap, attempts - 1); }

ev::ResponseReceived refusal(int status, std::int64_t retry_after_seconds = -1) {
  ev::ResponseReceived r;
  r.status = static_cast<std::uint16_t>(status);
  if (retry_after_seconds >= 0) {
    r.retry_after_count = 1;
    r.retry_after_form = RetryAfterForm::kDelaySeconds;
    r.retry_after_seconds = retry_after_seconds;
  }
  return r;
}

ev::ResponseReceived ok() {
  ev::ResponseReceived r;
  r.status = 200;
  return r;
}

RetryPlanner planner_for(const RetrySpec& spec, ClientDefects defects = {}) {
  return RetryPlanner(spec, make_retry_policy(spec), 0, defects);
}

RetryBudgetSpec budget_spec(int tokens, std::int64_t ratio_thousandths) {
  RetryBudgetSpec spec;
  spec.tokens = tokens;
  spec.ratio_thousandths = ratio_thousandths;
  return spec;
}

// --- policies -----------------------------------------------------------------

TEST(RetryPolicy, EveryNameBuilds) {
  for (const std::string& name : retry_policy_names()) {
    std::unique_ptr<RetryPolicy> policy = policy_for(name);
    ASSERT_NE(policy, nullptr) << name;
    EXPECT_EQ(policy->name(), name);
  }
  EXPECT_EQ(retry_policy_names().size(), 6u);
}

TEST(RetryPolicy, UnknownNameIsNull) { EXPECT_EQ(policy_for("sometimes"), nullptr); }

TEST(RetryPolicy, FixedIsAlwaysBase) {
  std::unique_ptr<RetryPolicy> policy = policy_for("fixed");
  Prng rng(kSeed);
  for (std::uint32_t n = 1; n <= 12; ++n) {
    EXPECT_EQ(policy->delay({n, 0}, rng), kBase) << "attempts " << n;
  }
}

TEST(RetryPolicy, ExponentialDoublesToCap) {
  std::unique_ptr<RetryPolicy> policy = policy_for("exponential");
  Prng rng(kSeed);
  EXPECT_EQ(policy->delay({1, 0}, rng), 100 * kMicrosPerMilli);
  EXPECT_EQ(policy->delay({2, 0}, rng), 200 * kMicrosPerMilli);
  EXPECT_EQ(policy->delay({3, 0}, rng), 400 * kMicrosPerMilli);
  EXPECT_EQ(policy->delay({4, 0}, rng), 800 * kMicrosPerMilli);
  EXPECT_EQ(policy->delay({5, 0}, rng), kCap);
  EXPECT_EQ(policy->delay({64, 0}, rng), kCap);
}

TEST(RetryPolicy, ExponentialDrawsNothing) {
  std::unique_ptr<RetryPolicy> policy = policy_for("exponential");
  Prng used(kSeed);
  Prng untouched(kSeed);
  policy->delay({3, 0}, used);
  EXPECT_EQ(used.next(), untouched.next());
}

TEST(RetryPolicy, FullJitterWithinCeiling) {
  std::unique_ptr<RetryPolicy> policy = policy_for("full_jitter");
  Prng rng(kSeed);
  for (std::uint32_t n = 1; n <= 6; ++n) {
    Micros lowest = ceiling_after(n);
    Micros highest = 0;
    for (int i = 0; i < kDraws; ++i) {
      Micros d = policy->delay({n, 0}, rng);
      lowest = std::min(lowest, d);
      highest = std::max(highest, d);
    }
    EXPECT_GE(lowest, 0) << "attempts " << n;
    EXPECT_LE(highest, ceiling_after(n)) << "attempts " << n;
    // The draws cover the range rather than sitting at one end.
    EXPECT_LT(lowest, ceiling_after(n) / 100) << "attempts " << n;
    EXPECT_GT(highest, ceiling_after(n) - ceiling_after(n) / 100) << "attempts " << n;
  }
}

TEST(RetryPolicy, FullJitterPinnedSeed) {
  std::unique_ptr<RetryPolicy> policy = policy_for("full_jitter");
  Prng rng(kSeed);
  Prng expected(kSeed);
  EXPECT_EQ(policy->delay({3, 0}, rng), uniform_int(expected, 0, 400 * kMicrosPerMilli));
}

TEST(RetryPolicy, EqualJitterWithinUpperHalf) {
  std::unique_ptr<RetryPolicy> policy = policy_for("equal_jitter");
  Prng rng(kSeed);
  for (std::uint32_t n = 1; n <= 6; ++n) {
    Micros ceiling = ceiling_after(n);
    Micros lowest = ceiling;
    Micros highest = 0;
    for (int i = 0; i < kDraws; ++i) {
      Micros d = policy->delay({n, 0}, rng);
      lowest = std::min(lowest, d);
      highest = std::max(highest, d);
    }
    EXPECT_GE(lowest, ceiling / 2) << "attempts " << n;
    EXPECT_LE(highest, ceiling) << "attempts " << n;
    EXPECT_LT(lowest, ceiling / 2 + ceiling / 100) << "attempts " << n;
    EXPECT_GT(highest, ceiling - ceiling / 100) << "attempts " << n;
  }
}

TEST(RetryPolicy, EqualJitterPinnedSeed) {
  std::unique_ptr<RetryPolicy> policy = policy_for("equal_jitter");
  Prng rng(kSeed);
  Prng expected(kSeed);
  Micros half = 200 * kMicrosPerMilli;
  EXPECT_EQ(policy->delay({3, 0}, rng), half + uniform_int(expected, 0, half));
}

TEST(RetryPolicy, EqualJitterOddCeilingReachesIt) {
  RetrySpec spec = spec_for("equal_jitter");
  spec.base = 101;
  spec.cap = 101;
  std::unique_ptr<RetryPolicy> policy = make_retry_policy(spec);
  Prng rng(kSeed);
  Micros lowest = 101;
  Micros highest = 0;
  for (int i = 0; i < kDraws; ++i) {
    Micros d = policy->delay({1, 0}, rng);
    lowest = std::min(lowest, d);
    highest = std::max(highest, d);
  }
  EXPECT_EQ(lowest, 50);
  EXPECT_EQ(highest, 101);
}

TEST(RetryPolicy, DecorrelatedFirstWithinBaseToTriple) {
  std::unique_ptr<RetryPolicy> policy = policy_for("decorrelated_jitter");
  Prng rng(kSeed);
  for (int i = 0; i < kDraws; ++i) {
    Micros d = policy->delay({1, 0}, rng);
    ASSERT_GE(d, kBase);
    ASSERT_LE(d, 3 * kBase);
  }
}

TEST(RetryPolicy, DecorrelatedChainStaysInBaseToCap) {
  std::unique_ptr<RetryPolicy> policy = policy_for("decorrelated_jitter");
  Prng rng(kSeed);
  int at_cap = 0;
  for (int op = 0; op < kDraws / 10; ++op) {
    Micros previous = 0;
    for (std::uint32_t n = 1; n <= 10; ++n) {
      Micros d = policy->delay({n, previous}, rng);
      ASSERT_GE(d, kBase) << "attempts " << n;
      ASSERT_LE(d, kCap) << "attempts " << n;
      ASSERT_LE(d, 3 * std::max(previous, kBase)) << "attempts " << n;
      if (d == kCap) ++at_cap;
      previous = d;
    }
  }
  // Long chains grow into the cap, where min(cap, ...) keeps them.
  EXPECT_GT(at_cap, 0);
}

TEST(RetryPolicy, DecorrelatedPinnedSeed) {
  std::unique_ptr<RetryPolicy> policy = policy_for("decorrelated_jitter");
  Prng rng(kSeed);
  Prng expected(kSeed);
  Micros previous = 250 * kMicrosPerMilli;
  EXPECT_EQ(policy->delay({2, previous}, rng), std::min(kCap, uniform_int(expected, kBase, 3 * previous)));
}

TEST(RetryPolicy, DecorrelatedHugePreviousStaysAtCap) {
  std::unique_ptr<RetryPolicy> policy = policy_for("decorrelated_jitter");
  Prng rng(kSeed);
  Micros d = policy->delay({2, std::numeric_limits<Micros>::max() / 2}, rng);
  EXPECT_GE(d, kBase);
  EXPECT_LE(d, kCap);
}

// --- retry budget -------------------------------------------------------------

TEST(RetryBudget, StartsFull) {
  RetryBudget budget(budget_spec(10, 100));
  EXPECT_EQ(budget.milli_tokens(), 10000);
  EXPECT_TRUE(budget.allows_retry());
}

TEST(RetryBudget, StopsExactlyAtHalf) {
  RetryBudget budget(budget_spec(10, 100));
  for (int failures = 1; failures <= 4; ++failures) {
    budget.record_failure();
    EXPECT_TRUE(budget.allows_retry()) << failures << " failures";
  }
  budget.record_failure();
  EXPECT_EQ(budget.milli_tokens(), 5000);
  EXPECT_FALSE(budget.allows_retry());
}

TEST(RetryBudget, OddSizeStopsBelowHalf) {
  // Half of 3 tokens is 1.5: 2 tokens still allow a retry, 1 does not.
  RetryBudget budget(budget_spec(3, 100));
  budget.record_failure();
  EXPECT_TRUE(budget.allows_retry());
  budget.record_failure();
  EXPECT_FALSE(budget.allows_retry());
}

TEST(RetryBudget, SuccessRefillsByRatio) {
  RetryBudget budget(budget_spec(10, 100));
  for (int i = 0; i < 5; ++i) budget.record_failure();
  ASSERT_FALSE(budget.allows_retry());
  budget.record_success();
  EXPECT_EQ(budget.milli_tokens(), 5100);
  EXPECT_TRUE(budget.allows_retry());
}

TEST(RetryBudget, RatioAddsExactly) {
  // Ten successes of 0.1 make exactly one token, with no rounding drift.
  RetryBudget budget(budget_spec(10, 100));
  for (int i = 0; i < 6; ++i) budget.record_failure();
  for (int i = 0; i < 10; ++i) budget.record_success();
  EXPECT_EQ(budget.milli_tokens(), 5000);
}

TEST(RetryBudget, SuccessCappedAtSize) {
  RetryBudget budget(budget_spec(10, 700));
  budget.record_failure();
  budget.record_success();
  budget.record_success();
  EXPECT_EQ(budget.milli_tokens(), 10000);
}

TEST(RetryBudget, NeverBelowZero) {
  RetryBudget budget(budget_spec(2, 100));
  for (int i = 0; i < 5; ++i) budget.record_failure();
  EXPECT_EQ(budget.milli_tokens(), 0);
  budget.record_success();
  EXPECT_EQ(budget.milli_tokens(), 100);
}

TEST(RetryPlanner, BudgetGivesUpAtHalf) {
  RetrySpec spec = spec_for("full_jitter");
  spec.max_attempts = 100;
  RetryPlanner planner = planner_for(spec);
  RetryBudget budget(budget_spec(10, 100));
  Prng rng(kSeed);

  for (std::uint32_t n = 1; n <= 4; ++n) {
    RetryDecision d = planner.decide(refusal(503), 0, {n, 0}, rng, &budget);
    EXPECT_EQ(d.action, RetryDecision::Action::kRetry) << "attempt " << n;
  }
  RetryDecision last = planner.decide(refusal(503), 0, {5, 0}, rng, &budget);
  EXPECT_EQ(last.action, RetryDecision::Action::kGiveUp);
  EXPECT_EQ(last.reason, "budget");
}

TEST(RetryPlanner, SuccessFeedsBudget) {
  RetryPlanner planner = planner_for(spec_for("full_jitter"));
  RetryBudget budget(budget_spec(10, 250));
  budget.record_failure();
  Prng rng(kSeed);
  RetryDecision d = planner.decide(ok(), 0, {1, 0}, rng, &budget);
  EXPECT_EQ(d.action, RetryDecision::Action::kDone);
  EXPECT_EQ(budget.milli_tokens(), 9250);
}

TEST(RetryPlanner, NonRetryableCountsAsSuccess) {
  RetryPlanner planner = planner_for(spec_for("full_jitter"));
  RetryBudget budget(budget_spec(10, 100));
  budget.record_failure();
  Prng rng(kSeed);
  planner.decide(refusal(409), 0, {1, 0}, rng, &budget);
  EXPECT_EQ(budget.milli_tokens(), 9100);
}

TEST(RetryPlanner, MaxAttemptsBeforeBudget) {
  RetrySpec spec = spec_for("full_jitter");
  spec.max_attempts = 1;
  RetryPlanner planner = planner_for(spec);
  RetryBudget budget(budget_spec(1, 100));
  Prng rng(kSeed);
  RetryDecision d = planner.decide(refusal(503), 0, {1, 0}, rng, &budget);
  EXPECT_EQ(d.reason, "max_attempts");
  EXPECT_EQ(budget.milli_tokens(), 0);
}

// --- client defects -------------------------------------------------------------

TEST(ClientDefects, FromNamesReadsOwnNames) {
  ClientDefects d = ClientDefects::from_names({"retry_after_missing", "client_no_jitter", "client_exceeds_max_wait"});
  EXPECT_FALSE(d.ignores_retry_after);
  EXPECT_TRUE(d.no_jitter);
  EXPECT_FALSE(d.unbounded_retries);
  EXPECT_TRUE(d.exceeds_max_wait);

  ClientDefects others = ClientDefects::from_names({"client_ignores_retry_after", "client_unbounded_retries"});
  EXPECT_TRUE(others.ignores_retry_after);
  EXPECT_TRUE(others.unbounded_retries);
}

TEST(ClientDefects, IgnoresRetryAfterOn503And423) {
  ClientDefects defects;
  defects.ignores_retry_after = true;
  RetryPlanner planner = planner_for(spec_for("full_jitter"), defects);
  Prng rng(kSeed);
  for (int status : {423, 503}) {
    RetryDecision d = planner.decide(refusal(status, 30), 0, {1, 0}, rng);
    EXPECT_EQ(d.action, RetryDecision::Action::kRetry) << status;
    EXPECT_LE(d.wait, kBase) << status;
  }
}

TEST(ClientDefects, IgnoresRetryAfterStillHonours429) {
  ClientDefects defects;
  defects.ignores_retry_after = true;
  RetryPlanner planner = planner_for(spec_for("full_jitter"), defects);
  Prng rng(kSeed);
  RetryDecision d = planner.decide(refusal(429, 30), 0, {1, 0}, rng);
  EXPECT_EQ(d.action, RetryDecision::Action::kRetry);
  EXPECT_GE(d.wait, 30 * kMicrosPerSecond);
  EXPECT_LE(d.wait, 45 * kMicrosPerSecond);
}

TEST(ClientDefects, IgnoresRetryAfterSkipsMaxWait) {
  // Without a Retry-After there is nothing to compare with max_wait.
  RetrySpec spec = spec_for("full_jitter");
  spec.max_wait = 10 * kMicrosPerSecond;
  ClientDefects defects;
  defects.ignores_retry_after = true;
  RetryPlanner planner = planner_for(spec, defects);
  Prng rng(kSeed);
  RetryDecision d = planner.decide(refusal(503, 30), 0, {1, 0}, rng);
  EXPECT_EQ(d.action, RetryDecision::Action::kRetry);
}

TEST(ClientDefects, NoJitterWaitsExactlyRetryAfter) {
  ClientDefects defects;
  defects.no_jitter = true;
  RetryPlanner planner = planner_for(spec_for("full_jitter"), defects);
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Prng rng(seed);
    RetryDecision d = planner.decide(refusal(423, 30), 0, {1, 0}, rng);
    EXPECT_EQ(d.action, RetryDecision::Action::kRetry);
    EXPECT_EQ(d.wait, 30 * kMicrosPerSecond) << "seed " << seed;
  }
}

TEST(ClientDefects, NoJitterBacksOffExponentially) {
  RetrySpec spec = spec_for("equal_jitter");
  spec.max_attempts = 10;
  ClientDefects defects;
  defects.no_jitter = true;
  RetryPlanner planner = planner_for(spec, defects);
  Prng rng(kSeed);
  for (std::uint32_t n = 1; n <= 6; ++n) {
    RetryDecision d = planner.decide(refusal(503), 0, {n, 0}, rng);
    EXPECT_EQ(d.wait, ceiling_after(n)) << "attempts " << n;
    EXPECT_EQ(d.backoff, ceiling_after(n)) << "attempts " << n;
  }
}

TEST(ClientDefects, CorrectClientJittersOnTop) {
  // The same refusal without the defect: some waits land above W.
  RetryPlanner planner = planner_for(spec_for("full_jitter"));
  int above = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Prng rng(seed);
    RetryDecision d = planner.decide(refusal(423, 30), 0, {1, 0}, rng);
    EXPECT_GE(d.wait, 30 * kMicrosPerSecond);
    if (d.wait > 30 * kMicrosPerSecond) ++above;
  }
  EXPECT_GT(above, 15);
}

TEST(ClientDefects, UnboundedRetriesPastMaxAttempts) {
  RetrySpec spec = spec_for("full_jitter");
  spec.max_attempts = 3;
  ClientDefects defects;
  defects.unbounded_retries = true;
  RetryPlanner planner = planner_for(spec, defects);
  Prng rng(kSeed);
  for (std::uint32_t n : {3u, 4u, 100u, 10000u}) {
    RetryDecision d = planner.decide(refusal(503), 0, {n, 0}, rng);
    EXPECT_EQ(d.action, RetryDecision::Action::kRetry) << "attempts " << n;
  }
}

TEST(ClientDefects, UnboundedRetriesKeepsBudget) {
  ClientDefects defects;
  defects.unbounded_retries = true;
  RetryPlanner planner = planner_for(spec_for("full_jitter"), defects);
  RetryBudget budget(budget_spec(2, 100));
  Prng rng(kSeed);
  RetryDecision d = planner.decide(refusal(503), 0, {1, 0}, rng, &budget);
  EXPECT_EQ(d.reason, "budget");
}

TEST(ClientDefects, ExceedsMaxWaitKeepsWaiting) {
  RetrySpec spec = spec_for("full_jitter");
  spec.max_wait = 30 * kMicrosPerSecond;
  ClientDefects defects;
  defects.exceeds_max_wait = true;
  RetryPlanner planner = planner_for(spec, defects);
  Prng rng(kSeed);
  RetryDecision d = planner.decide(refusal(503, 7200), 0, {1, 0}, rng);
  EXPECT_EQ(d.action, RetryDecision::Action::kRetry);
  EXPECT_GE(d.wait, 7200 * kMicrosPerSecond);
  EXPECT_LE(d.wait, 10800 * kMicrosPerSecond);
}

TEST(ClientDefects, CorrectClientGivesUpOverMaxWait) {
  RetrySpec spec = spec_for("full_jitter");
  spec.max_wait = 30 * kMicrosPerSecond;
  RetryPlanner planner = planner_for(spec);
  Prng rng(kSeed);
  RetryDecision d = planner.decide(refusal(503, 7200), 0, {1, 0}, rng);
  EXPECT_EQ(d.action, RetryDecision::Action::kGiveUp);
  EXPECT_EQ(d.reason, "max_wait");
}

}  // namespace
}  // namespace freezedrill
