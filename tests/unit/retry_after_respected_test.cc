#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "sim/checks/check.h"
#include "sim/checks/retry_after_respected.h"
#include "tests/unit/client_history_builder.h"

namespace freezedrill {
namespace {

using namespace testing_support;

constexpr Micros kReceived = kStart + kSecond;  // 61 s, 02:01:01
constexpr Micros kDeadline = kReceived + 30 * kSecond;  // 91 s, 02:01:31
constexpr std::int64_t kReceivedUnix = kEpochUnix + 61;

CheckResult run_check(const History& h, const std::string& skew_tolerance = "1s") {
  return RetryAfterRespectedCheck().run(h, CheckOptions(nlohmann::json{{"skew_tolerance", skew_tolerance}}));
}

std::int64_t figure(const CheckResult& r, const std::string& name) {
  for (const Figure& f : r.figures) {
    if (f.name == name) return std::get<std::int64_t>(f.value);
  }
  ADD_FAILURE() << "no figure " << name;
  return -1;
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A write refused at 61 s with `reply`, then retried at `retry_at`.
CheckResult run_retry_after(const Reply& reply, Micros retry_at, const std::string& skew_tolerance = "1s") {
  ClientHistoryBuilder b;
  b.write(kReceived, "k1", reply);
  b.write(retry_at, "k1", plain(200));
  return run_check(b.build(), skew_tolerance);
}

Reply dated(std::string date, std::int64_t date_header) {
  Reply r = with_retry_after(std::move(date));
  r.date = date_header;
  return r;
}

TEST(Unit, RetryAfterSecondsAtDeadlinePasses) {
  CheckResult r = run_retry_after(with_retry_after("30"), kDeadline);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "deadlines_set"), 1);
  EXPECT_EQ(figure(r, "next_attempts_judged"), 1);
  EXPECT_EQ(figure(r, "early_attempts"), 0);
  EXPECT_TRUE(r.evidence.empty());
}

TEST(Unit, RetryAfterSecondsMicroEarlyFails) {
  CheckResult r = run_retry_after(with_retry_after("30"), kDeadline - 1);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "early_attempts"), 1);
  EXPECT_EQ(figure(r, "earliest_by_us"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail,
                       "attempt 2 of key \"k1\" was sent 0.000001s before the deadline 91.000000s set by the 503 "
                       "received at 61.000000s (Retry-After \"30\")"))
      << r.evidence[0].detail;
}

TEST(Unit, RetryAfterEvidenceNamesEarlyAttempt) {
  ClientHistoryBuilder b;
  b.write(kReceived, "k1", with_retry_after("30"), "web-7");
  Reply late_reply = plain(200);
  late_reply.instance = 2;
  std::uint64_t early = b.write(kReceived + 10 * kSecond, "k1", late_reply, "web-7");
  CheckResult r = run_check(b.build());
  ASSERT_EQ(r.evidence.size(), 1u);
  const Evidence& e = r.evidence[0];
  EXPECT_EQ(e.t, kReceived + 10 * kSecond);
  EXPECT_EQ(e.actor, "web-7");
  EXPECT_EQ(e.instance, 2);
  EXPECT_EQ(e.request_id, early);
  EXPECT_EQ(figure(r, "earliest_by_us"), 20 * kSecond);
  EXPECT_TRUE(mentions(r.summary, "by web-7"));
}

// The server clock is 100 s behind: the Date header is 01:59:21 and the
// date is 30 s after it, so the deadline is 30 s after the receive time.
Reply date_header_reply() { return dated("Sun, 01 Mar 2026 01:59:51 GMT", kReceivedUnix - 100); }

TEST(Unit, RetryAfterDateHeaderAtDeadlinePasses) {
  CheckResult r = run_retry_after(date_header_reply(), kDeadline);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "dates_without_date_header"), 0);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Unit, RetryAfterDateHeaderMicroEarlyFails) {
  EXPECT_EQ(run_retry_after(date_header_reply(), kDeadline - 1).verdict, Verdict::kFail);
}

// Without a Date header the date 02:01:31 is 91 s in virtual time, and the
// default skew_tolerance of 1 s moves the deadline to 90 s.
Reply no_date_header_reply() { return dated("Sun, 01 Mar 2026 02:01:31 GMT", kNoTime); }

TEST(Unit, RetryAfterNoDateHeaderAtSkewPasses) {
  CheckResult r = run_retry_after(no_date_header_reply(), kDeadline - kSecond);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "dates_without_date_header"), 1);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(mentions(r.warnings[0], "without a Date header"));
}

TEST(Unit, RetryAfterNoDateHeaderMicroEarlyFails) {
  CheckResult r = run_retry_after(no_date_header_reply(), kDeadline - kSecond - 1);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "an HTTP-date without a Date header, less skew_tolerance 1s"))
      << r.evidence[0].detail;
}

TEST(Unit, RetryAfterZeroSkewUsesDate) {
  EXPECT_EQ(run_retry_after(no_date_header_reply(), kDeadline - 1, "0s").verdict, Verdict::kFail);
  EXPECT_EQ(run_retry_after(no_date_header_reply(), kDeadline, "0s").verdict, Verdict::kPass);
}

TEST(Unit, RetryAfter429SetsDeadline) {
  CheckResult r = run_retry_after(with_retry_after("30", 429), kDeadline - 1);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_TRUE(mentions(r.evidence.at(0).detail, "set by the 429"));
}

TEST(Unit, RetryAfter423SetsDeadline) {
  EXPECT_EQ(run_retry_after(with_retry_after("30", 423), kDeadline - 1).verdict, Verdict::kFail);
  EXPECT_EQ(run_retry_after(with_retry_after("30", 423), kDeadline).verdict, Verdict::kPass);
}

TEST(Unit, RetryAfterOn500SetsNone) {
  CheckResult r = run_retry_after(with_retry_after("30", 500), kReceived + kSecond);
  EXPECT_EQ(r.verdict, Verdict::kNotApplicable);
  EXPECT_EQ(figure(r, "deadlines_set"), 0);
}

TEST(Unit, RetryAfterOn200SetsNone) {
  EXPECT_EQ(run_retry_after(with_retry_after("30", 200), kReceived + kSecond).verdict, Verdict::kNotApplicable);
}

TEST(Unit, RetryAfterTransportFailureSetsNone) {
  EXPECT_EQ(run_retry_after(with_retry_after("30", 0), kReceived + kSecond).verdict, Verdict::kNotApplicable);
}

TEST(Unit, RetryAfterInvalidSetsNone) {
  for (const char* value : {"1.5", "-30", "", "30, 30", "soon"}) {
    CheckResult r = run_retry_after(with_retry_after(value), kReceived + kSecond);
    EXPECT_EQ(r.verdict, Verdict::kNotApplicable) << value;
    EXPECT_EQ(figure(r, "deadlines_set"), 0) << value;
  }
}

TEST(Unit, RetryAfterDuplicateLinesSetNone) {
  Reply reply;
  reply.retry_after = {"30", "30"};
  EXPECT_EQ(run_retry_after(reply, kReceived + kSecond).verdict, Verdict::kNotApplicable);
}

TEST(Unit, RetryAfterMissingSetsNone) {
  EXPECT_EQ(run_retry_after(plain(503), kReceived + kSecond).verdict, Verdict::kNotApplicable);
}

// Two attempts are in flight, and their responses arrive one after the
// other before the third attempt. The second response replaces the first.
ClientHistoryBuilder overlapping(const std::string& second_retry_after) {
  ClientHistoryBuilder b;
  std::uint64_t first = b.send_write(kReceived, "k1");
  std::uint64_t second = b.send_write(kReceived + kSecond, "k1");
  b.respond(kReceived + 2 * kSecond, first, with_retry_after("30"));                 // deadline 93 s
  b.respond(kReceived + 3 * kSecond, second, with_retry_after(second_retry_after));  // deadline 64 s + value
  return b;
}

TEST(Unit, RetryAfterLaterShorterReplaces) {
  ClientHistoryBuilder b = overlapping("5");
  b.write(69 * kSecond, "k1", plain(200));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "deadlines_set"), 2);
  EXPECT_EQ(figure(r, "deadlines_replaced"), 1);
  EXPECT_EQ(figure(r, "next_attempts_judged"), 1);
}

TEST(Unit, RetryAfterLaterLongerReplaces) {
  ClientHistoryBuilder b = overlapping("60");
  b.write(100 * kSecond, "k1", plain(200));  // after the first deadline, before the second
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "before the deadline 124.000000s")) << r.evidence[0].detail;
}

TEST(Unit, RetryAfterLaterErrorKeepsDeadline) {
  // A 500 without Retry-After sets no deadline, so it does not clear the 503's.
  ClientHistoryBuilder b;
  std::uint64_t first = b.send_write(kReceived, "k1");
  std::uint64_t second = b.send_write(kReceived + kSecond, "k1");
  b.respond(kReceived + 2 * kSecond, first, with_retry_after("30"));
  b.respond(kReceived + 3 * kSecond, second, plain(500));
  b.write(70 * kSecond, "k1", plain(200));
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kFail);
}

TEST(Unit, RetryAfterEachDeadlineJudgesNextOnly) {
  // The third attempt follows a 200, so only the second is judged.
  ClientHistoryBuilder b;
  b.write(kReceived, "k1", with_retry_after("30"));
  b.write(kDeadline, "k1", plain(200));
  b.write(kDeadline + kSecond, "k1", plain(200));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "next_attempts_judged"), 1);
}

TEST(Unit, RetryAfterGiveUpPasses) {
  ClientHistoryBuilder b;
  b.write(kReceived, "k1", with_retry_after("3600"));
  b.give_up(kReceived, "k1");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "gave_up_after_deadline"), 1);
  EXPECT_EQ(figure(r, "next_attempts_judged"), 0);
}

TEST(Unit, RetryAfterReplaysIgnored) {
  ClientHistoryBuilder b;
  b.write(kReceived, "k1", with_retry_after("30"));
  b.respond(kReceived + kSecond, b.send_replay(kReceived + kSecond, "k1"), plain(200));
  b.give_up(kReceived, "k1");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "next_attempts_judged"), 0);
}

TEST(Unit, RetryAfterOtherActorsKeyIsOtherOperation) {
  ClientHistoryBuilder b;
  b.write(kReceived, "k1", with_retry_after("30"), "web-1");
  b.write(kReceived + kSecond, "k1", plain(200), "web-2");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "next_attempts_judged"), 0);
}

TEST(Unit, RetryAfterReadRetryJudgedByOpId) {
  ClientHistoryBuilder b;
  b.respond(kReceived, b.send_read(kReceived, 77), with_retry_after("30"));
  b.respond(kReceived + kSecond, b.send_read(kReceived + kSecond, 77), plain(200));
  b.respond(kReceived + kSecond, b.send_read(kReceived + kSecond, 78), plain(200));  // another read
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "next_attempts_judged"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "attempt 2 of operation 77")) << r.evidence[0].detail;
}

TEST(Unit, RetryAfterZeroAllowsSameInstant) {
  ClientHistoryBuilder b;
  b.write(kReceived, "k1", with_retry_after("0"));
  b.write(kReceived, "k1", plain(200));
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kPass);
}

TEST(Unit, RetryAfterNoRequestsNotApplicable) {
  ClientHistoryBuilder b;
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kNotApplicable);
  EXPECT_FALSE(r.summary.empty());
}

TEST(Unit, RetryAfterOptionsFromHeader) {
  ClientHistoryBuilder b;
  b.header().check_options = {{"retry_after_respected", {{"skew_tolerance", "0s"}}}};
  b.write(kReceived, "k1", no_date_header_reply());
  b.write(kDeadline - kSecond, "k1", plain(200));  // passes with the default 1s
  std::vector<CheckResult> results = builtin_checks().run_all(b.build());
  auto it = std::find_if(results.begin(), results.end(),
                         [](const CheckResult& c) { return c.check == "retry_after_respected"; });
  ASSERT_NE(it, results.end());
  EXPECT_EQ(it->verdict, Verdict::kFail) << it->summary;
  EXPECT_FALSE(it->remedy.empty());
}

}  // namespace
}  // namespace freezedrill
