#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "sim/checks/check.h"
#include "sim/checks/write_status.h"

namespace freezedrill {
namespace {

constexpr Micros kSecond = kMicrosPerSecond;
constexpr Micros kStart = 60 * kSecond;
constexpr Micros kEnd = 240 * kSecond;
constexpr Micros kReenable = kEnd + 5 * kSecond;  // E + the default reenable_within
constexpr std::int64_t kEpochUnix = 1772330400;   // 2026-03-01T02:00:00Z, a Sunday

// One response as a test describes it.
struct Reply {
  std::uint16_t status = 503;
  std::vector<std::string> retry_after = {"120"};
  std::int64_t date = kNoTime;  // Date header, Unix seconds
  std::string code = "read_only";
  std::int32_t instance = 0;
};

Reply refusal(std::string retry_after) {
  Reply r;
  r.retry_after = {std::move(retry_after)};
  return r;
}

Reply accepted() {
  Reply r;
  r.status = 200;
  r.retry_after = {};
  r.code = "";
  return r;
}

// Builds a history from writes given in any order. build() sorts the events
// by time, as recording would have appended them. Move-only, because a
// copied History would keep views into the original's interned strings.
class HistoryBuilder {
 public:
  HistoryBuilder() {
    HistoryHeader& header = history_.header();
    header.epoch_unix = kEpochUnix;
    header.start = kStart;
    header.end = kEnd;
    header.endpoints = {EndpointSpec{"put_kv", "PUT", "/kv/{key}", true, "put", true},
                        EndpointSpec{"delete_kv", "DELETE", "/kv/{key}", true, "delete", false},
                        EndpointSpec{"search", "POST", "/search", false, "", false}};
  }

  HistoryBuilder(HistoryBuilder&&) = default;
  HistoryBuilder(const HistoryBuilder&) = delete;

  HistoryHeader& header() { return history_.header(); }

  std::uint64_t write(Micros sent, const Reply& reply, const std::string& endpoint = "delete_kv") {
    std::uint64_t id = send(sent, endpoint, true);
    respond(sent, id, endpoint, reply);
    return id;
  }

  void read(Micros sent) {
    std::uint64_t id = send(sent, "search", false);
    Reply ok = accepted();
    respond(sent, id, "search", ok);
  }

  void write_without_response(Micros sent) { send(sent, "delete_kv", true); }

  // A write sent by the intent replayer rather than a client.
  void replay_write(Micros sent, const Reply& reply) {
    std::uint64_t id = send(sent, "delete_kv", true, true);
    respond(sent, id, "delete_kv", reply);
  }

  void extend(Micros at, Micros new_end) { events_.push_back({at, ev::WindowExtended{new_end, kNoStr}}); }

  const History& build() {
    std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
    for (Event& e : events_) history_.append_event(std::move(e));
    events_.clear();
    return history_;
  }

 private:
  std::uint64_t send(Micros t, const std::string& endpoint, bool write, bool replay = false) {
    ev::RequestSent request;
    request.request_id = next_id_++;
    request.op_id = request.request_id;
    request.actor = history_.intern("web-1");
    request.endpoint = history_.intern(endpoint);
    request.write = write;
    request.replay = replay;
    events_.push_back({t, request});
    return request.request_id;
  }

  void respond(Micros t, std::uint64_t id, const std::string& endpoint, const Reply& reply) {
    ev::ResponseReceived response;
    response.request_id = id;
    response.op_id = id;
    response.actor = history_.intern("web-1");
    response.endpoint = history_.intern(endpoint);
    response.write = true;
    response.instance = reply.instance;
    response.status = reply.status;
    response.sent_at = t;
    response.retry_after_count = static_cast<std::uint8_t>(reply.retry_after.size());
    std::string raw;
    for (std::size_t i = 0; i < reply.retry_after.size(); ++i) raw += (i > 0 ? "\n" : "") + reply.retry_after[i];
    response.retry_after_raw = history_.intern(raw);
    response.date = reply.date;
    response.error_code = history_.intern(reply.code);
    events_.push_back({t, response});
  }

  History history_;
  std::vector<Event> events_;
  std::uint64_t next_id_ = 1;
};

nlohmann::json default_options() {
  return {{"fence_grace", "0s"},
          {"reenable_within", "5s"},
          {"max_retry_after", "86400s"},
          {"extension_tolerance", "1s"}};
}

CheckResult run_check(const History& h, nlohmann::json options = default_options()) {
  return WriteStatusCheck().run(h, CheckOptions(std::move(options)));
}

std::int64_t figure(const CheckResult& r, const std::string& name) {
  for (const Figure& f : r.figures) {
    if (f.name == name) return std::get<std::int64_t>(f.value);
  }
  ADD_FAILURE() << "no figure " << name;
  return -1;
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A window write at S + 1 s with the given reply and a write after
// re-enable that succeeds, so only the window write decides the verdict.
CheckResult run_one_window_write(const Reply& reply, HistoryBuilder b = HistoryBuilder()) {
  b.write(kStart + kSecond, reply);
  b.write(kReenable + kSecond, accepted());
  return run_check(b.build());
}

TEST(Unit, WriteStatusCleanWindowPasses) {
  HistoryBuilder b;
  b.write(kStart, refusal("120"));
  b.write(kStart + 60 * kSecond, refusal("120"));
  b.write(kEnd - 1, refusal("120"));
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "window_writes_judged"), 3);
  EXPECT_EQ(figure(r, "writes_after_reenable_judged"), 1);
  EXPECT_TRUE(r.evidence.empty());
  EXPECT_TRUE(mentions(r.summary, "\"read_only\""));
}

TEST(Unit, WriteStatusRetryAfterZeroFails) {
  CheckResult r = run_one_window_write(refusal("0"));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "out_of_bounds_retry_after"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "Retry-After \"0\" asks for a delay of 0 s"));
}

TEST(Unit, WriteStatusRetryAfterOnePasses) {
  EXPECT_EQ(run_one_window_write(refusal("1")).verdict, Verdict::kPass);
}

TEST(Unit, WriteStatusFractionalRetryAfterFails) {
  CheckResult r = run_one_window_write(refusal("1.5"));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "invalid_retry_after"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "Retry-After \"1.5\" is invalid"));
}

TEST(Unit, WriteStatusEmptyRetryAfterFails) {
  CheckResult r = run_one_window_write(refusal(""));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "invalid_retry_after"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "Retry-After \"\" is invalid"));
}

TEST(Unit, WriteStatusTwoRetryAfterLinesFail) {
  Reply reply;
  reply.retry_after = {"120", "120"};
  CheckResult r = run_one_window_write(reply);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "invalid_retry_after"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "Retry-After \"120\\n120\" is invalid"));
}

TEST(Unit, WriteStatusRetryAfterListFails) {
  CheckResult r = run_one_window_write(refusal("120, 120"));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "invalid_retry_after"), 1);
}

TEST(Unit, WriteStatusMissingRetryAfterFails) {
  Reply reply;
  reply.retry_after = {};
  CheckResult r = run_one_window_write(reply);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "missing_retry_after"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "no Retry-After field"));
}

// Received at S + 1 s = 02:01:01 with Date 02:01:01; the date is 120 s later.
constexpr std::int64_t kReceivedUnix = kEpochUnix + 61;

Reply dated(std::string date_text, std::int64_t date_header = kReceivedUnix) {
  Reply r = refusal(std::move(date_text));
  r.date = date_header;
  return r;
}

TEST(Unit, WriteStatusImfFixdatePasses) {
  CheckResult r = run_one_window_write(dated("Sun, 01 Mar 2026 02:03:01 GMT"));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "non_imf_dates"), 0);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Unit, WriteStatusRfc850DateWarns) {
  CheckResult r = run_one_window_write(dated("Sunday, 01-Mar-26 02:03:01 GMT"));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "non_imf_dates"), 1);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(mentions(r.warnings[0], "IMF-fixdate"));
}

TEST(Unit, WriteStatusAsctimeDateWarns) {
  CheckResult r = run_one_window_write(dated("Sun Mar  1 02:03:01 2026"));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "non_imf_dates"), 1);
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(Unit, WriteStatusDateAgainstDateHeader) {
  // The server clock runs 120 s ahead: the date equals the receive time, but
  // it is 120 s after the Date header, so the delay is 120 s.
  Reply reply = dated("Sun, 01 Mar 2026 02:01:01 GMT", kReceivedUnix - 120);
  CheckResult r = run_one_window_write(reply);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "dates_without_date_header"), 0);
}

TEST(Unit, WriteStatusDateBeforeDateHeaderFails) {
  Reply reply = dated("Sun, 01 Mar 2026 02:03:01 GMT", kReceivedUnix + 120);
  CheckResult r = run_one_window_write(reply);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "out_of_bounds_retry_after"), 1);
}

TEST(Unit, WriteStatusDateWithoutDateHeaderWarns) {
  Reply reply = dated("Sun, 01 Mar 2026 02:03:01 GMT", kNoTime);
  CheckResult r = run_one_window_write(reply);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "dates_without_date_header"), 1);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(mentions(r.warnings[0], "without a Date header"));
}

TEST(Unit, WriteStatusDateReceiveTimeRoundsDown) {
  // Received at S + 1.9 s, so the receive time counts as 02:01:01.
  Reply reply = dated("Sun, 01 Mar 2026 02:01:02 GMT", kNoTime);
  HistoryBuilder b;
  b.write(kStart + kSecond + 900 * kMicrosPerMilli, reply);
  b.write(kReenable + kSecond, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

TEST(Unit, WriteStatusMaxRetryAfterPasses) {
  EXPECT_EQ(run_one_window_write(refusal("86400")).verdict, Verdict::kPass);
}

TEST(Unit, WriteStatusOverMaxRetryAfterFails) {
  CheckResult r = run_one_window_write(refusal("86401"));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "out_of_bounds_retry_after"), 1);
}

HistoryBuilder fixed_policy(RetryAfterPolicy::Form form = RetryAfterPolicy::Form::kSeconds) {
  HistoryBuilder b;
  b.header().retry_after = RetryAfterPolicy{RetryAfterPolicy::Kind::kFixed, 120 * kSecond, form, true};
  return b;
}

TEST(Unit, WriteStatusFixedPolicyMatchPasses) {
  EXPECT_EQ(run_one_window_write(refusal("120"), fixed_policy()).verdict, Verdict::kPass);
}

TEST(Unit, WriteStatusFixedPolicyMismatchFails) {
  CheckResult r = run_one_window_write(refusal("119"), fixed_policy());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "policy_mismatches"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "declared fixed policy"));
}

TEST(Unit, WriteStatusUndeclaredPolicyIgnored) {
  HistoryBuilder b = fixed_policy();
  b.header().retry_after.declared = false;
  EXPECT_EQ(run_one_window_write(refusal("119"), std::move(b)).verdict, Verdict::kPass);
}

TEST(Unit, WriteStatusFixedPolicyFormFails) {
  CheckResult r = run_one_window_write(dated("Sun, 01 Mar 2026 02:03:01 GMT"), fixed_policy());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "policy_mismatches"), 1);
}

TEST(Unit, WriteStatusFixedDatePolicyPasses) {
  Reply reply = dated("Sun, 01 Mar 2026 02:03:01 GMT");
  CheckResult r = run_one_window_write(reply, fixed_policy(RetryAfterPolicy::Form::kDate));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

HistoryBuilder until_end_policy() {
  HistoryBuilder b;
  b.header().retry_after =
      RetryAfterPolicy{RetryAfterPolicy::Kind::kUntilEnd, 0, RetryAfterPolicy::Form::kSeconds, true};
  return b;
}

// A window write received at S + 1 s under until_end: E is 179 s away.
Verdict until_end_verdict(const std::string& retry_after) {
  return run_one_window_write(refusal(retry_after), until_end_policy()).verdict;
}

TEST(Unit, WriteStatusUntilEndExactPasses) { EXPECT_EQ(until_end_verdict("179"), Verdict::kPass); }

TEST(Unit, WriteStatusUntilEndToleranceLatePasses) { EXPECT_EQ(until_end_verdict("180"), Verdict::kPass); }

TEST(Unit, WriteStatusUntilEndToleranceEarlyPasses) { EXPECT_EQ(until_end_verdict("178"), Verdict::kPass); }

TEST(Unit, WriteStatusUntilEndTooLateFails) { EXPECT_EQ(until_end_verdict("181"), Verdict::kFail); }

TEST(Unit, WriteStatusUntilEndTooEarlyFails) { EXPECT_EQ(until_end_verdict("177"), Verdict::kFail); }

TEST(Unit, WriteStatusUntilEndFineTolerance) {
  // With a tolerance under a second, only the exact deadline passes.
  nlohmann::json options = default_options();
  options["extension_tolerance"] = "999999us";
  HistoryBuilder late = until_end_policy();
  late.write(kStart + kSecond, refusal("180"));
  late.write(kReenable, accepted());
  EXPECT_EQ(run_check(late.build(), options).verdict, Verdict::kFail);

  HistoryBuilder exact = until_end_policy();
  exact.write(kStart + kSecond, refusal("179"));
  exact.write(kReenable, accepted());
  EXPECT_EQ(run_check(exact.build(), options).verdict, Verdict::kPass);
}

TEST(Unit, WriteStatusUntilEndDatePasses) {
  // 02:04:00 is E = 240 s after the epoch.
  Reply reply = dated("Sun, 01 Mar 2026 02:04:00 GMT");
  EXPECT_EQ(run_one_window_write(reply, until_end_policy()).verdict, Verdict::kPass);
}

TEST(Unit, WriteStatusExtensionMovesDeadline) {
  HistoryBuilder b = until_end_policy();
  b.write(kStart + kSecond, refusal("179"));  // before the extension: E = 240 s
  b.extend(100 * kSecond, 300 * kSecond);
  b.write(200 * kSecond, refusal("100"));     // after it: E = 300 s
  b.write(300 * kSecond + 5 * kSecond, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "window_writes_judged"), 2);
}

TEST(Unit, WriteStatusStaleDeadlineAfterExtensionFails) {
  HistoryBuilder b = until_end_policy();
  b.extend(100 * kSecond, 300 * kSecond);
  b.write(200 * kSecond, refusal("40"));  // still aims at the planned E = 240 s
  b.write(300 * kSecond + 5 * kSecond, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "policy_mismatches"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "60.000000s before the current end of the window at 300.000000s"));
}

TEST(Unit, WriteStatusSuccessInWindowFails) {
  CheckResult r = run_one_window_write(accepted());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "wrong_status"), 1);
  EXPECT_EQ(figure(r, "missing_retry_after"), 0);
  EXPECT_TRUE(mentions(r.summary, "status 200, expected 423 or 503"));
}

TEST(Unit, WriteStatus423Passes) {
  Reply reply = refusal("120");
  reply.status = 423;
  EXPECT_EQ(run_one_window_write(reply).verdict, Verdict::kPass);
}

TEST(Unit, WriteStatusMissingCodeFails) {
  Reply reply = refusal("120");
  reply.code = "";
  CheckResult r = run_one_window_write(reply);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "missing_code"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "no error code"));
}

TEST(Unit, WriteStatusTwoCodesFail) {
  HistoryBuilder b;
  Reply first = refusal("120");
  Reply second = refusal("120");
  second.instance = 1;
  second.code = "maintenance";
  b.write(kStart + kSecond, first);
  b.write(kStart + 2 * kSecond, second, "put_kv");
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "differing_codes"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].instance, 1);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "error code \"maintenance\" differs from \"read_only\""));
}

TEST(Unit, WriteStatusRefusedAtReenableFails) {
  HistoryBuilder b;
  b.write(kStart + kSecond, refusal("120"));
  b.write(kReenable, refusal("120"));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "still_refused_after_reenable"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kReenable);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "still refused with the freeze code \"read_only\""));
}

TEST(Unit, WriteStatusRefusedBeforeReenableIgnored) {
  HistoryBuilder b;
  b.write(kStart + kSecond, refusal("120"));
  b.write(kReenable - 1, refusal("120"));
  b.write(kReenable + kSecond, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "writes_after_reenable_judged"), 1);
  EXPECT_EQ(figure(r, "still_refused_after_reenable"), 0);
}

TEST(Unit, WriteStatusOtherRefusalAfterReenablePasses) {
  // A 503 for another reason (overload) is not the freeze.
  HistoryBuilder b;
  b.write(kStart + kSecond, refusal("120"));
  Reply overloaded = refusal("5");
  overloaded.code = "overloaded";
  b.write(kReenable, overloaded);
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kPass);
}

TEST(Unit, WriteStatusNoWriteAfterReenableInconclusive) {
  HistoryBuilder b;
  b.write(kStart + kSecond, refusal("120"));
  b.write(kReenable - 1, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_TRUE(mentions(r.summary, "re-enabling is unproven"));
}

TEST(Unit, WriteStatusNoWritesNotApplicable) {
  HistoryBuilder b;
  b.read(kStart + kSecond);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kNotApplicable);
  EXPECT_FALSE(r.summary.empty());
}

TEST(Unit, WriteStatusOnlyOutsideWindowInconclusive) {
  HistoryBuilder b;
  b.write(kStart - kSecond, accepted());
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_TRUE(mentions(r.summary, "no write was sent in the window"));
}

TEST(Unit, WriteStatusFlagClearedEarlyFails) {
  HistoryBuilder b;
  b.write(kStart + kSecond, refusal("120"));
  b.write(150 * kSecond, accepted());  // the flag was cleared at 140 s, before E
  b.write(200 * kSecond, accepted());
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "wrong_status"), 2);
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[0].t, 150 * kSecond);
}

TEST(Unit, WriteStatusSuccessBeforeGracePasses) {
  nlohmann::json options = default_options();
  options["fence_grace"] = "2s";
  HistoryBuilder b;
  b.write(kStart + 2 * kSecond - 1, accepted());
  b.write(kStart + 2 * kSecond, refusal("120"));
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build(), options);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "window_writes_judged"), 1);
}

TEST(Unit, WriteStatusSuccessAtGraceEndFails) {
  nlohmann::json options = default_options();
  options["fence_grace"] = "2s";
  HistoryBuilder b;
  b.write(kStart + 2 * kSecond, accepted());
  b.write(kReenable, accepted());
  EXPECT_EQ(run_check(b.build(), options).verdict, Verdict::kFail);
}

TEST(Unit, WriteStatusCritical202Skipped) {
  HistoryBuilder b;
  b.header().queue_ack = "202";
  Reply queued = accepted();
  queued.status = 202;
  b.write(kStart + kSecond, queued, "put_kv");
  b.write(kStart + 2 * kSecond, refusal("120"), "delete_kv");
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "skipped_critical_202"), 1);
  EXPECT_EQ(figure(r, "window_writes_judged"), 1);
}

TEST(Unit, WriteStatusCriticalRefuseModeJudged) {
  HistoryBuilder b;
  Reply queued = accepted();
  queued.status = 202;
  b.write(kStart + kSecond, queued, "put_kv");
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "skipped_critical_202"), 0);
}

TEST(Unit, WriteStatusNoResponseCounted) {
  HistoryBuilder b;
  b.write_without_response(kStart + kSecond);
  Reply transport_failure = accepted();
  transport_failure.status = 0;
  b.write(kStart + 2 * kSecond, transport_failure);
  b.write(kStart + 3 * kSecond, refusal("120"));
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "writes_without_response"), 2);
  EXPECT_EQ(figure(r, "window_writes_judged"), 1);
}

TEST(Unit, WriteStatusOnlyUnansweredInconclusive) {
  HistoryBuilder b;
  b.write_without_response(kStart + kSecond);
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(figure(r, "writes_without_response"), 1);
}

TEST(Unit, WriteStatusEvidenceNamesResponse) {
  HistoryBuilder b;
  Reply reply = refusal("0");
  reply.instance = 2;
  b.write(kStart + kSecond, refusal("120"));
  std::uint64_t id = b.write(kStart + 3 * kSecond, reply);
  b.write(kReenable, accepted());
  CheckResult r = run_check(b.build());
  ASSERT_EQ(r.evidence.size(), 1u);
  const Evidence& e = r.evidence[0];
  EXPECT_EQ(e.t, kStart + 3 * kSecond);
  EXPECT_EQ(e.actor, "web-1");
  EXPECT_EQ(e.instance, 2);
  EXPECT_EQ(e.request_id, id);
  EXPECT_TRUE(mentions(e.detail, "delete_kv answered 503"));
  EXPECT_TRUE(mentions(r.summary, "Retry-After \"0\""));
}

TEST(Unit, WriteStatusReplaysIgnored) {
  HistoryBuilder b;
  b.write(kStart + kSecond, refusal("120"));
  b.write(kReenable, accepted());
  b.replay_write(kReenable + kSecond, refusal("120"));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "writes_after_reenable_judged"), 1);
}

}  // namespace
}  // namespace freezedrill
