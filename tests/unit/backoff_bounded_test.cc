#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/checks/backoff_bounded.h"
#include "sim/checks/check.h"
#include "tests/unit/client_history_builder.h"

namespace freezedrill {
namespace {

using namespace testing_support;

// Operations judged by the per-operation rules start here: after E + the
// default herd span and outside the window, so the herd and amplification
// rules have nothing to say about them.
constexpr Micros kLater = 400 * kSecond;

nlohmann::json default_options() {
  return {{"max_attempts", 6},    {"cap", "10s"},        {"max_wait", nullptr}, {"amplification", 3},
          {"retry_budget", nullptr}, {"herd_span", nullptr}, {"herd_factor", 3},    {"herd_margin", 10}};
}

CheckResult run_check(const History& h, nlohmann::json options = default_options()) {
  return BackoffBoundedCheck().run(h, CheckOptions(std::move(options)));
}

const Figure* find_figure(const CheckResult& r, const std::string& name) {
  for (const Figure& f : r.figures) {
    if (f.name == name) return &f;
  }
  ADD_FAILURE() << "no figure " << name;
  return nullptr;
}

std::int64_t figure(const CheckResult& r, const std::string& name) {
  const Figure* f = find_figure(r, name);
  return f != nullptr ? std::get<std::int64_t>(f->value) : -1;
}

std::string text_figure(const CheckResult& r, const std::string& name) {
  const Figure* f = find_figure(r, name);
  return f != nullptr ? std::get<std::string>(f->value) : "";
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// One operation of `attempts` attempts, each refused with a plain 503 and
// retried 1 s later.
void add_refused_operation(ClientHistoryBuilder& b, Micros first, const std::string& key, int attempts,
                           const std::string& actor = "web-1") {
  for (int i = 0; i < attempts; ++i) b.write(first + i * kSecond, key, plain(503), actor);
}

// Attempt limit.

TEST(Unit, BackoffMaxAttemptsExactPasses) {
  ClientHistoryBuilder b;
  add_refused_operation(b, kLater, "k1", 6);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "max_attempts_seen"), 6);
  EXPECT_EQ(figure(r, "operations_over_max_attempts"), 0);
}

TEST(Unit, BackoffMaxAttemptsOneOverFails) {
  ClientHistoryBuilder b;
  add_refused_operation(b, kLater, "k1", 7);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "max_attempts_seen"), 7);
  EXPECT_EQ(figure(r, "operations_over_max_attempts"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kLater + 6 * kSecond);
  EXPECT_EQ(r.evidence[0].actor, "web-1");
  EXPECT_TRUE(mentions(r.evidence[0].detail, "key \"k1\" made 7 attempts, over max_attempts 6; this is attempt 7"))
      << r.evidence[0].detail;
}

TEST(Unit, BackoffReplaysNotCounted) {
  ClientHistoryBuilder b;
  add_refused_operation(b, kLater, "k1", 6);
  b.respond(kLater + 10 * kSecond, b.send_replay(kLater + 10 * kSecond, "k1"), plain(200));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "attempts"), 6);
}

// Delay before a retry.

// A refusal received at kLater with `reply` and a retry `delay` later.
CheckResult run_delay(const Reply& reply, Micros delay, nlohmann::json options = default_options()) {
  ClientHistoryBuilder b;
  b.write(kLater, "k1", reply);
  b.write(kLater + delay, "k1", plain(200));
  return run_check(b.build(), std::move(options));
}

TEST(Unit, BackoffDelayAtCapPasses) {
  CheckResult r = run_delay(plain(503), 10 * kSecond);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "delays_judged"), 1);
  EXPECT_EQ(figure(r, "longest_delay_us"), 10 * kSecond);
  EXPECT_EQ(figure(r, "longest_delay_bound_us"), 10 * kSecond);
}

TEST(Unit, BackoffDelayOverCapFails) {
  CheckResult r = run_delay(plain(503), 10 * kSecond + 1);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "delays_over_bound"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kLater + 10 * kSecond + 1);
  EXPECT_TRUE(mentions(r.evidence[0].detail,
                       "attempt 2 of key \"k1\" was sent 10.000001s after the 503 received at 400.000000s for "
                       "attempt 1, over the bound 10.000000s = max(cap 10s, 1.5 x Retry-After wait 0.000000s)"))
      << r.evidence[0].detail;
}

TEST(Unit, BackoffShortRetryAfterKeepsCap) {
  EXPECT_EQ(run_delay(with_retry_after("4"), 10 * kSecond).verdict, Verdict::kPass);
  EXPECT_EQ(run_delay(with_retry_after("4"), 10 * kSecond + 1).verdict, Verdict::kFail);
}

TEST(Unit, BackoffDelayAtRetryAfterBoundPasses) {
  CheckResult r = run_delay(with_retry_after("20"), 30 * kSecond);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "longest_delay_bound_us"), 30 * kSecond);
}

TEST(Unit, BackoffDelayOverRetryAfterBoundFails) {
  CheckResult r = run_delay(with_retry_after("20"), 30 * kSecond + 1);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "over the bound 30.000000s = max(cap 10s, 1.5 x Retry-After wait "
                                             "20.000000s)"))
      << r.evidence[0].detail;
}

TEST(Unit, BackoffHalfMicroBoundExact) {
  // Without a Date header, a date 3 us after the receive time gives W = 3 us,
  // so with cap 1us the bound is 4.5 us: 4 passes and 5 fails.
  nlohmann::json options = default_options();
  options["cap"] = "1us";
  Reply reply = with_retry_after("Sun, 01 Mar 2026 02:06:41 GMT");  // 401 s
  ClientHistoryBuilder pass;
  Micros received = kLater + kSecond - 3;
  pass.write(received, "k1", reply);
  pass.write(received + 4, "k1", plain(200));
  EXPECT_EQ(run_check(pass.build(), options).verdict, Verdict::kPass);

  ClientHistoryBuilder fail;
  fail.write(received, "k1", reply);
  fail.write(received + 5, "k1", plain(200));
  CheckResult r = run_check(fail.build(), options);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "over the bound 0.0000045s")) << r.evidence[0].detail;
}

TEST(Unit, BackoffDateWithoutDateHeaderNoSkew) {
  // The date is 20 s after the receive time, read at face value: bound 30 s.
  Reply reply = with_retry_after("Sun, 01 Mar 2026 02:07:00 GMT");  // 420 s
  EXPECT_EQ(run_delay(reply, 30 * kSecond).verdict, Verdict::kPass);
  EXPECT_EQ(run_delay(reply, 30 * kSecond + 1).verdict, Verdict::kFail);
}

TEST(Unit, BackoffRetryAfterOn500Ignored) {
  EXPECT_EQ(run_delay(with_retry_after("20", 500), 10 * kSecond + 1).verdict, Verdict::kFail);
}

TEST(Unit, BackoffUnansweredAttemptNotJudged) {
  ClientHistoryBuilder b;
  b.send_write(kLater, "k1");
  b.write(kLater + 60 * kSecond, "k1", plain(200));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "delays_judged"), 0);
  EXPECT_EQ(figure(r, "retries_without_previous_response"), 1);
}

// Giving up when Retry-After exceeds max_wait.

nlohmann::json max_wait_options() {
  nlohmann::json options = default_options();
  options["max_wait"] = "20s";
  return options;
}

// A refusal at kLater asking for 60 s, over max_wait 20 s.
ClientHistoryBuilder long_wait() {
  ClientHistoryBuilder b;
  b.write(kLater, "k1", with_retry_after("60"));
  return b;
}

TEST(Unit, BackoffGiveUpAtMaxWaitPasses) {
  ClientHistoryBuilder b = long_wait();
  b.give_up(kLater + 20 * kSecond, "k1");
  CheckResult r = run_check(b.build(), max_wait_options());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "max_wait_operations"), 1);
  EXPECT_EQ(figure(r, "max_wait_gave_up_in_time"), 1);
}

TEST(Unit, BackoffGiveUpAfterMaxWaitFails) {
  ClientHistoryBuilder b = long_wait();
  b.give_up(kLater + 20 * kSecond + 1, "k1");
  CheckResult r = run_check(b.build(), max_wait_options());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "max_wait_late_give_ups"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kLater + 20 * kSecond + 1);
  EXPECT_TRUE(mentions(r.evidence[0].detail,
                       "key \"k1\" gave up only at 420.000001s, after the limit 420.000000s: the 503 received at "
                       "400.000000s requested a wait of 60.000000s, over max_wait 20s"))
      << r.evidence[0].detail;
}

TEST(Unit, BackoffRetryInsteadOfGiveUpFails) {
  ClientHistoryBuilder b = long_wait();
  b.write(kLater + 60 * kSecond, "k1", plain(200));
  CheckResult r = run_check(b.build(), max_wait_options());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "max_wait_retried"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "retried at 460.000000s instead of giving up")) << r.evidence[0].detail;
}

TEST(Unit, BackoffMissingGiveUpFails) {
  ClientHistoryBuilder b = long_wait();
  CheckResult r = run_check(b.build(), max_wait_options());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "max_wait_late_give_ups"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "never gave up")) << r.evidence[0].detail;
}

TEST(Unit, BackoffRunEndsBeforeMaxWaitInconclusive) {
  ClientHistoryBuilder b = long_wait();
  b.header().duration = kLater + 20 * kSecond - 1;
  CheckResult r = run_check(b.build(), max_wait_options());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
  EXPECT_EQ(figure(r, "max_wait_unproven"), 1);
}

TEST(Unit, BackoffWaitAtMaxWaitNotJudged) {
  ClientHistoryBuilder b;
  b.write(kLater, "k1", with_retry_after("20"));
  b.write(kLater + 25 * kSecond, "k1", plain(200));
  CheckResult r = run_check(b.build(), max_wait_options());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "max_wait_operations"), 0);
}

TEST(Unit, BackoffMaxWaitOffIgnoresLongWait) {
  ClientHistoryBuilder b = long_wait();
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kPass);
}

// The herd after E.

// `count` write operations spread evenly over [0, 50 s), the baseline span.
void add_baseline_writes(ClientHistoryBuilder& b, int count) {
  Micros step = (kStart - kAnnounceLead) / count;
  for (int i = 0; i < count; ++i) b.write(i * step, fmt::format("base-{}", i), plain(200));
}

// `count` write operations in [from, from + 1 s).
void add_burst(ClientHistoryBuilder& b, Micros from, int count) {
  for (int i = 0; i < count; ++i) b.write(from + i * 1000, fmt::format("burst-{}", i), plain(200));
}

TEST(Unit, BackoffHerdAtMarginBoundPasses) {
  // b = 10 / 50 s = 0.2 per second: the bound is
  // max(3 x 0.2, 0.2 + 10, 0.2 + 6 x sqrt(0.2) + 6) = 10.2.
  ClientHistoryBuilder b;
  add_baseline_writes(b, 10);
  add_burst(b, kEnd, 10);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "baseline_write_rate"), "0.200");
  EXPECT_EQ(text_figure(r, "herd_bound"), "10.200");
  EXPECT_EQ(figure(r, "herd_peak"), 10);
  EXPECT_EQ(figure(r, "herd_peak_start_us"), kEnd);
}

TEST(Unit, BackoffHerdOverMarginBoundFails) {
  ClientHistoryBuilder b;
  add_baseline_writes(b, 10);
  add_burst(b, kEnd + 5 * kSecond, 11);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "herd_peak"), 11);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kEnd + 5 * kSecond);
  EXPECT_TRUE(mentions(r.evidence[0].detail,
                       "11 write attempts in [245.000000s, 245.000000s + 1s), over the herd bound 10.200 per "
                       "second = max(herd_factor 3.000 x baseline 0.200 per second, baseline + herd_margin "
                       "10.000, baseline + 6 x its square root + 6)"))
      << r.evidence[0].detail;
}

TEST(Unit, BackoffHerdAtFactorBoundPasses) {
  // b = 1000 / 50 s = 20 per second: the bound is
  // max(3 x 20, 20 + 10, 20 + 6 x sqrt(20) + 6 = 52.8) = 60.
  ClientHistoryBuilder b;
  add_baseline_writes(b, 1000);
  add_burst(b, kEnd, 60);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "herd_bound"), "60.000");
}

TEST(Unit, BackoffHerdOverFactorBoundFails) {
  ClientHistoryBuilder b;
  add_baseline_writes(b, 1000);
  add_burst(b, kEnd, 61);
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kFail);
}

// Between about 1 and 20 attempts per second the Poisson noise term
// b + 6 sqrt(b) + 6 is the largest.
TEST(Unit, BackoffHerdAtNoiseBoundPasses) {
  // b = 100 / 50 s = 2 per second: 2 + 6 x sqrt(2) + 6 = 16.485.
  ClientHistoryBuilder b;
  add_baseline_writes(b, 100);
  add_burst(b, kEnd, 16);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "herd_bound"), "16.485");
}

TEST(Unit, BackoffHerdOverNoiseBoundFails) {
  ClientHistoryBuilder b;
  add_baseline_writes(b, 100);
  add_burst(b, kEnd, 17);
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kFail);
}

TEST(Unit, BackoffHerdFractionalBaseline) {
  // b = 1 / 50 s = 0.02 per second: the bound is 10.02, so 10 pass and 11 fail.
  ClientHistoryBuilder pass;
  add_baseline_writes(pass, 1);
  add_burst(pass, kEnd, 10);
  CheckResult r = run_check(pass.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "baseline_write_rate"), "0.020");
  EXPECT_EQ(text_figure(r, "herd_bound"), "10.020");

  ClientHistoryBuilder fail;
  add_baseline_writes(fail, 1);
  add_burst(fail, kEnd, 11);
  EXPECT_EQ(run_check(fail.build()).verdict, Verdict::kFail);
}

TEST(Unit, BackoffHerdEmptyBaselineUsesMargin) {
  ClientHistoryBuilder pass;
  add_burst(pass, kEnd, 10);
  CheckResult r = run_check(pass.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "herd_bound"), "10.000");

  ClientHistoryBuilder fail;
  add_burst(fail, kEnd, 11);
  EXPECT_EQ(run_check(fail.build()).verdict, Verdict::kFail);
}

TEST(Unit, BackoffHerdAnnounceAtZeroUsesMargin) {
  // S - announce_lead = 0 leaves no baseline span, so b = 0.
  ClientHistoryBuilder b;
  b.header().announce_lead = kStart;
  add_burst(b, kEnd, 11);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "baseline_write_attempts"), 0);
}

TEST(Unit, BackoffHerdBeforeEndIgnored) {
  ClientHistoryBuilder b;
  add_burst(b, kEnd - kSecond, 11);  // in [239 s, 240 s)
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "herd_peak"), 0);
}

TEST(Unit, BackoffHerdWindowStraddlingEnd) {
  // Windows start at E at the earliest, so [240 s, 241 s) holds only the 7
  // attempts sent from 240.0 s to 240.6 s.
  ClientHistoryBuilder b;
  for (int i = 0; i < 12; ++i) b.write(kEnd - 500'000 + i * 100'000, fmt::format("k{}", i), plain(200));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "herd_peak"), 7);
}

TEST(Unit, BackoffHerdSpanLimitsStarts) {
  nlohmann::json options = default_options();
  options["herd_span"] = "5s";
  ClientHistoryBuilder outside;
  add_burst(outside, kEnd + 5 * kSecond + 1, 11);
  CheckResult r = run_check(outside.build(), options);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "herd_span_us"), 5 * kSecond);

  ClientHistoryBuilder inside;
  add_burst(inside, kEnd + 5 * kSecond, 11);
  EXPECT_EQ(run_check(inside.build(), options).verdict, Verdict::kFail);
}

TEST(Unit, BackoffHerdSpanOverlapCounts) {
  // A window starting at E + herd_span still counts the attempts up to 1 s later.
  nlohmann::json options = default_options();
  options["herd_span"] = "5s";
  ClientHistoryBuilder b;
  b.write(kEnd + 5 * kSecond, "first", plain(200));
  add_burst(b, kEnd + 5 * kSecond + 1, 10);
  EXPECT_EQ(run_check(b.build(), options).verdict, Verdict::kFail);
}

TEST(Unit, BackoffHerdSpanDefault) {
  // cap 10 s + 1.5 x the largest Retry-After wait (40 s) = 70 s.
  ClientHistoryBuilder b;
  b.write(kLater, "k1", with_retry_after("40"));
  b.write(kLater, "k2", with_retry_after("20"));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "herd_span_us"), 70 * kSecond);
}

TEST(Unit, BackoffHerdFollowsExtension) {
  ClientHistoryBuilder b;
  b.extend(100 * kSecond, 300 * kSecond);
  add_burst(b, kEnd, 11);  // inside the extended window
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "herd_peak"), 0);
}

// Amplification of the window's writes.

TEST(Unit, BackoffAmplificationExactPasses) {
  ClientHistoryBuilder b;
  for (int i = 0; i < 10; ++i) add_refused_operation(b, kStart + i * 10 * kSecond, fmt::format("k{}", i), 3);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "window_write_operations"), 10);
  EXPECT_EQ(figure(r, "window_write_attempts"), 30);
  EXPECT_EQ(text_figure(r, "amplification"), "3.000");
}

TEST(Unit, BackoffAmplificationOverFails) {
  ClientHistoryBuilder b;
  for (int i = 0; i < 9; ++i) add_refused_operation(b, kStart + i * 10 * kSecond, fmt::format("k{}", i), 3);
  add_refused_operation(b, kStart + 100 * kSecond, "k9", 4);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(text_figure(r, "amplification"), "3.100");
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kStart + 100 * kSecond);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "key \"k9\" made 4 attempts, the most of the 10 write operations"))
      << r.evidence[0].detail;
}

TEST(Unit, BackoffAmplificationCountsFirstSendOnly) {
  // Started before S or at E, these operations are outside [S, E).
  ClientHistoryBuilder b;
  add_refused_operation(b, kStart - kSecond, "before", 5);
  add_refused_operation(b, kEnd, "after", 5);
  add_refused_operation(b, kStart, "at_start", 3);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "window_write_operations"), 1);
}

TEST(Unit, BackoffAmplificationIgnoresReads) {
  ClientHistoryBuilder b;
  for (int i = 0; i < 5; ++i) b.respond(kStart + i * kSecond, b.send_read(kStart + i * kSecond, 9), plain(503));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "window_write_operations"), 0);
}

// Retry budget.

nlohmann::json budget_options() {
  nlohmann::json options = default_options();
  options["retry_budget"] = 0.1;
  return options;
}

// `operations` operations by web-1 after the window, the first with two
// attempts and the others with one: one retry in operations + 1 requests.
ClientHistoryBuilder one_retry_among(int operations) {
  ClientHistoryBuilder b;
  add_refused_operation(b, kLater, "k0", 2);
  for (int i = 1; i < operations; ++i) b.write(kLater + i * kSecond, fmt::format("k{}", i), plain(200));
  return b;
}

TEST(Unit, BackoffBudgetExactPasses) {
  ClientHistoryBuilder b = one_retry_among(9);  // 1 retry in 10 requests
  CheckResult r = run_check(b.build(), budget_options());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "retry_budget_worst_retries"), 1);
  EXPECT_EQ(figure(r, "retry_budget_worst_requests"), 10);
  EXPECT_EQ(text_figure(r, "retry_budget_worst_share"), "0.100");
}

TEST(Unit, BackoffBudgetOverFails) {
  ClientHistoryBuilder b = one_retry_among(8);  // 1 retry in 9 requests
  CheckResult r = run_check(b.build(), budget_options());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "actors_over_retry_budget"), 1);
  EXPECT_EQ(text_figure(r, "retry_budget_worst_actor"), "web-1");
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kLater + kSecond);
  EXPECT_TRUE(mentions(r.evidence[0].detail,
                       "web-1 sent 1 retry in 9 requests over the run (0.111), over retry_budget 0.100, which "
                       "allows 0"))
      << r.evidence[0].detail;
}

TEST(Unit, BackoffBudgetPerActor) {
  // web-2's single retry would fit in web-1's requests, but budgets are per actor.
  ClientHistoryBuilder b = one_retry_among(9);
  add_refused_operation(b, kLater, "other", 2, "web-2");
  CheckResult r = run_check(b.build(), budget_options());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(text_figure(r, "retry_budget_worst_actor"), "web-2");
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].actor, "web-2");
}

TEST(Unit, BackoffBudgetOffPasses) {
  ClientHistoryBuilder b = one_retry_among(1);
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kPass);
}

// The check as a whole.

TEST(Unit, BackoffNoRequestsNotApplicable) {
  ClientHistoryBuilder b;
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kNotApplicable);
  EXPECT_TRUE(mentions(r.summary, "no client request"));
}

TEST(Unit, BackoffOnlyReplaysNotApplicable) {
  ClientHistoryBuilder b;
  b.respond(kLater, b.send_replay(kLater, "k1"), plain(200));
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kNotApplicable);
}

TEST(Unit, BackoffFailureNamesEveryFailedRule) {
  ClientHistoryBuilder b;
  add_refused_operation(b, kLater, "k1", 7);
  b.write(kLater + 30 * kSecond, "k1", plain(200));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_TRUE(mentions(r.summary, "2 of 6 backoff rules failed")) << r.summary;
  EXPECT_EQ(r.evidence_total, 2u);
}

TEST(Unit, BackoffOptionsFromHeader) {
  ClientHistoryBuilder b;
  b.header().check_options = {{"backoff_bounded", {{"max_attempts", 2}}}};
  add_refused_operation(b, kLater, "k1", 3);
  std::vector<CheckResult> results = builtin_checks().run_all(b.build());
  auto it = std::find_if(results.begin(), results.end(),
                         [](const CheckResult& c) { return c.check == "backoff_bounded"; });
  ASSERT_NE(it, results.end());
  EXPECT_EQ(it->verdict, Verdict::kFail) << it->summary;
  EXPECT_TRUE(mentions(it->summary, "max_attempts 2")) << it->summary;
  EXPECT_FALSE(it->remedy.empty());
}

}  // namespace
}  // namespace freezedrill
