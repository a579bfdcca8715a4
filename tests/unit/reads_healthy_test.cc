#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "sim/checks/check.h"
#include "sim/checks/reads_healthy.h"
#include "sim/checks/reads_healthy_rules.h"

namespace freezedrill {
namespace {

constexpr Micros kSecond = kMicrosPerSecond;
constexpr Micros kMilli = kMicrosPerMilli;
constexpr Micros kStart = 60 * kSecond;
constexpr Micros kEnd = 120 * kSecond;
constexpr Micros kLead = 10 * kSecond;
constexpr Micros kSoak = 10 * kSecond;
constexpr Micros kWarmUp = 5 * kSecond;  // the default warm_up
// Baseline [5 s, 50 s) and judged span [60 s, 130 s) with the defaults above.
constexpr Micros kBaselineEnd = kStart - kLead;
constexpr Micros kJudgedEnd = kEnd + kSoak;

// One response as a test describes it.
struct Reply {
  std::uint16_t status = 200;
  Micros latency = 10 * kMilli;
  std::vector<std::string> retry_after;
  std::string transport_error;
};

Reply status(std::uint16_t code) { return Reply{code, 10 * kMilli, {}, ""}; }
Reply took(Micros latency) { return Reply{200, latency, {}, ""}; }
Reply refused(std::vector<std::string> retry_after) { return Reply{503, 10 * kMilli, std::move(retry_after), ""}; }

// Builds a history from reads given in any order. build() sorts the events
// by time, as recording would have appended them.
class ReadHistory {
 public:
  ReadHistory() {
    HistoryHeader& header = history_.header();
    header.epoch_unix = 1772330400;  // 2026-03-01T02:00:00Z
    header.start = kStart;
    header.end = kEnd;
    header.announce_lead = kLead;
    header.soak = kSoak;
  }

  ReadHistory(ReadHistory&&) = default;
  ReadHistory(const ReadHistory&) = delete;

  HistoryHeader& header() { return history_.header(); }

  std::uint64_t read(Micros sent, const Reply& reply = Reply()) {
    std::uint64_t id = send(sent, false);
    ev::ResponseReceived response;
    response.request_id = id;
    response.op_id = id;
    response.actor = history_.intern("web-1");
    response.endpoint = history_.intern("search");
    response.instance = 2;
    response.status = reply.status;
    response.sent_at = sent;
    response.retry_after_count = static_cast<std::uint8_t>(reply.retry_after.size());
    std::string raw;
    for (std::size_t i = 0; i < reply.retry_after.size(); ++i) raw += (i > 0 ? "\n" : "") + reply.retry_after[i];
    response.retry_after_raw = history_.intern(raw);
    response.transport_error = history_.intern(reply.transport_error);
    events_.push_back({sent + reply.latency, response});
    return id;
  }

  // `count` reads spread evenly over [from, to).
  void reads(Micros from, Micros to, int count, const Reply& reply = Reply()) {
    Micros gap = (to - from) / count;
    for (int i = 0; i < count; ++i) read(from + i * gap, reply);
  }

  std::uint64_t read_without_response(Micros sent) { return send(sent, false); }
  void write(Micros sent) { send(sent, true); }
  void extend(Micros at, Micros new_end) { events_.push_back({at, ev::WindowExtended{new_end, kNoStr}}); }

  const History& build() {
    std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
    for (Event& e : events_) history_.append_event(std::move(e));
    events_.clear();
    return history_;
  }

 private:
  std::uint64_t send(Micros t, bool write) {
    ev::RequestSent request;
    request.request_id = next_id_++;
    request.op_id = request.request_id;
    request.actor = history_.intern("web-1");
    request.endpoint = history_.intern("search");
    request.write = write;
    events_.push_back({t, request});
    return request.request_id;
  }

  History history_;
  std::vector<Event> events_;
  std::uint64_t next_id_ = 1;
};

nlohmann::json options(std::int64_t error_budget = 1000, double p99_ratio = 1.5, std::int64_t min_samples = 100) {
  return {{"warm_up", "5s"}, {"error_budget", error_budget}, {"p99_ratio", p99_ratio}, {"min_samples", min_samples}};
}

CheckResult run_check(const History& h, nlohmann::json o = options()) {
  return ReadsHealthyCheck().run(h, CheckOptions(std::move(o)));
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
  return f == nullptr ? -1 : std::get<std::int64_t>(f->value);
}

std::string text_figure(const CheckResult& r, const std::string& name) {
  const Figure* f = find_figure(r, name);
  return f == nullptr ? std::string() : std::get<std::string>(f->value);
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A clean baseline of 1000 reads and `judged` judged reads, `errors` of them 503s.
ReadHistory budget_history(int judged, int errors, int baseline_errors = 0) {
  ReadHistory b;
  b.reads(kWarmUp, kBaselineEnd, 1000 - baseline_errors);
  for (int i = 0; i < baseline_errors; ++i) b.read(kWarmUp + kMilli + i * kMilli, status(503));
  b.reads(kStart, kJudgedEnd, judged - errors);
  for (int i = 0; i < errors; ++i) b.read(kStart + kMilli + i * kMilli, status(503));
  return b;
}

// 100 clean reads on each side, so a single judged read decides the
// verdict under an error budget of 0.
ReadHistory one_read_history(const Reply& reply) {
  ReadHistory b;
  b.reads(kWarmUp, kBaselineEnd, 100);
  b.reads(kStart, kJudgedEnd, 100);
  b.read(kStart + 30 * kSecond + 1, reply);
  return b;
}

CheckResult run_one_read(const Reply& reply) { return run_check(one_read_history(reply).build(), options(0)); }

TEST(Unit, ReadsHealthyCleanRunPasses) {
  CheckResult r = run_check(budget_history(2000, 0).build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "baseline_reads"), 1000);
  EXPECT_EQ(figure(r, "judged_reads"), 2000);
  EXPECT_EQ(figure(r, "baseline_p99_us"), 10 * kMilli);
  EXPECT_EQ(text_figure(r, "judged_p99"), "0.010000s");
  EXPECT_EQ(figure(r, "p99_bound_us"), 15 * kMilli);
  EXPECT_TRUE(r.evidence.empty());
}

TEST(Unit, ReadsHealthyNoReadsNotApplicable) {
  ReadHistory b;
  b.write(kStart);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kNotApplicable);
  EXPECT_TRUE(mentions(r.summary, "no client read"));
}

TEST(Unit, ReadsHealthyErrorsAtAllowancePass) {
  CheckResult r = run_check(budget_history(2000, 2).build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "judged_errors"), 2);
  EXPECT_EQ(figure(r, "allowed_errors"), 2);
  EXPECT_EQ(figure(r, "judged_error_ppm"), 1000);
  EXPECT_TRUE(r.evidence.empty());
}

TEST(Unit, ReadsHealthyErrorOverAllowanceFails) {
  CheckResult r = run_check(budget_history(2000, 3).build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "judged_errors"), 3);
  EXPECT_EQ(figure(r, "allowed_errors"), 2);
  EXPECT_EQ(figure(r, "judged_error_ppm"), 1500);
  EXPECT_EQ(r.evidence_total, 3u);
  EXPECT_TRUE(mentions(r.summary, "more than the 2 allowed")) << r.summary;
}

TEST(Unit, ReadsHealthyBaselineErrorsRaiseAllowance) {
  // 1 error in 1000 baseline reads is exactly the budget, so the baseline is
  // healthy and allows floor((1 * 2000 * 10^6 + 1000 * 1000 * 2000) / 10^9) = 4.
  CheckResult r = run_check(budget_history(2000, 4, 1).build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "baseline_errors"), 1);
  EXPECT_EQ(figure(r, "baseline_error_ppm"), 1000);
  EXPECT_EQ(figure(r, "allowed_errors"), 4);
}

TEST(Unit, ReadsHealthyOverRaisedAllowanceFails) {
  CheckResult r = run_check(budget_history(2000, 5, 1).build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "allowed_errors"), 4);
}

TEST(Unit, ReadsHealthyUnhealthyBaselineInconclusive) {
  CheckResult r = run_check(budget_history(2000, 0, 2).build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(figure(r, "baseline_error_ppm"), 2000);
  EXPECT_TRUE(mentions(r.summary, "the baseline itself is over budget")) << r.summary;
  EXPECT_TRUE(r.evidence.empty());
}

TEST(Unit, ReadsHealthyNoJudgedReadsInconclusive) {
  ReadHistory b;
  b.reads(kWarmUp, kBaselineEnd, 200);
  b.read(kJudgedEnd);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(figure(r, "judged_reads"), 0);
  EXPECT_TRUE(mentions(r.summary, "no read was sent in the judged span")) << r.summary;
}

TEST(Unit, ReadsHealthyNoBaselineReadsInconclusive) {
  ReadHistory b;
  b.reads(kStart, kJudgedEnd, 200);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_TRUE(mentions(r.summary, "no read was sent in the baseline span")) << r.summary;
}

TEST(Unit, ReadsHealthyErrorEvidenceNamesRead) {
  ReadHistory b = one_read_history(status(500));
  CheckResult r = run_check(b.build(), options(0));
  ASSERT_EQ(r.evidence.size(), 1u);
  const Evidence& e = r.evidence[0];
  EXPECT_EQ(e.t, kStart + 30 * kSecond + 1);
  EXPECT_EQ(e.actor, "web-1");
  EXPECT_EQ(e.instance, 2);
  EXPECT_EQ(e.request_id, 201u);
  EXPECT_EQ(e.detail, "search sent at 90.000001s: status 500 (server error)");
}

TEST(Unit, ReadsHealthyLockedReadFails) {
  CheckResult r = run_one_read(status(423));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "status 423 Locked"));
}

TEST(Unit, ReadsHealthyRateLimitedReadFails) {
  CheckResult r = run_one_read(status(429));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "status 429 Too Many Requests"));
}

TEST(Unit, ReadsHealthyNotFoundIsNoError) {
  CheckResult r = run_one_read(status(404));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "judged_errors"), 0);
}

TEST(Unit, ReadsHealthyTransportFailureFails) {
  Reply reply = status(0);
  reply.transport_error = "timeout";
  CheckResult r = run_one_read(reply);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "transport failure: timeout"));
}

TEST(Unit, ReadsHealthyMissingResponseFails) {
  ReadHistory b = one_read_history(Reply());
  b.read_without_response(kStart + 40 * kSecond);
  CheckResult r = run_check(b.build(), options(0));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "judged_errors"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].instance, kNoInstance);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "no response before the end of the history"));
}

TEST(Unit, ReadsHealthyWarmUpBoundary) {
  ReadHistory b = one_read_history(Reply());
  b.read(kWarmUp - 1, status(503));
  b.read(kWarmUp, status(503));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "baseline_reads"), 101);
  EXPECT_EQ(figure(r, "baseline_errors"), 1);
}

TEST(Unit, ReadsHealthyAnnounceLeadNotCounted) {
  ReadHistory b = one_read_history(Reply());
  b.read(kBaselineEnd - 1, status(503));
  b.read(kBaselineEnd, status(503));
  b.read(kStart - 1, status(503));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "baseline_reads"), 101);
  EXPECT_EQ(figure(r, "baseline_errors"), 1);
  EXPECT_EQ(figure(r, "judged_reads"), 101);
  EXPECT_EQ(figure(r, "judged_errors"), 0);
}

TEST(Unit, ReadsHealthyJudgedSpanBoundaries) {
  ReadHistory b = one_read_history(Reply());
  b.read(kStart, status(503));
  b.read(kJudgedEnd - 1, status(503));
  b.read(kJudgedEnd, status(503));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "judged_reads"), 103);
  EXPECT_EQ(figure(r, "judged_errors"), 2);
}

TEST(Unit, ReadsHealthyExtensionMovesJudgedEnd) {
  ReadHistory b = one_read_history(Reply());
  b.extend(kStart + kSecond, kEnd + 30 * kSecond);
  b.read(kJudgedEnd, status(503));
  b.read(kJudgedEnd + 30 * kSecond, status(503));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "judged_reads"), 102);
  EXPECT_EQ(figure(r, "judged_errors"), 1);
}

TEST(Unit, ReadsHealthyNearestRankOnKnownLists) {
  std::vector<Micros> hundred;
  for (Micros i = 1; i <= 100; ++i) hundred.push_back(i);
  std::reverse(hundred.begin(), hundred.end());
  EXPECT_EQ(nearest_rank_p99(hundred), 99);  // rank ceil(99.0) = 99

  hundred.push_back(101);
  EXPECT_EQ(nearest_rank_p99(hundred), 100);  // rank ceil(99.99) = 100

  EXPECT_EQ(nearest_rank_p99({7}), 7);
  EXPECT_EQ(nearest_rank_p99({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), 10);  // rank ceil(9.9) = 10

  std::vector<Micros> two_hundred;
  for (Micros i = 1; i <= 200; ++i) two_hundred.push_back(i);
  EXPECT_EQ(nearest_rank_p99(two_hundred), 198);
}

TEST(Unit, ReadsHealthyP99FigureUsesNearestRank) {
  ReadHistory b;
  for (int i = 1; i <= 100; ++i) b.read(kWarmUp + i * 100 * kMilli, took(i * kMilli));
  b.reads(kStart, kJudgedEnd, 100);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "baseline_p99_us"), 99 * kMilli);
  EXPECT_EQ(text_figure(r, "baseline_p99"), "0.099000s");
}

// 100 baseline reads at `baseline` and 100 judged reads at `judged`.
CheckResult run_latency(Micros baseline, Micros judged, int baseline_count = 100, int judged_count = 100,
                        double ratio = 1.5) {
  ReadHistory b;
  b.reads(kWarmUp, kBaselineEnd, baseline_count, took(baseline));
  b.reads(kStart, kJudgedEnd, judged_count, took(judged));
  return run_check(b.build(), options(1000, ratio));
}

TEST(Unit, ReadsHealthyRatioBoundAtP99Passes) {
  CheckResult r = run_latency(10 * kMilli, 15 * kMilli);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "p99_bound_us"), 15 * kMilli);
  EXPECT_EQ(text_figure(r, "p99_bound"), "0.015000s");
}

TEST(Unit, ReadsHealthyRatioBoundExceededFails) {
  CheckResult r = run_latency(10 * kMilli, 15 * kMilli + 1);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "judged_p99_us"), 15 * kMilli + 1);
  EXPECT_EQ(r.evidence_total, 100u);
  ASSERT_EQ(r.evidence.size(), CheckResult::kMaxEvidence);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "took 0.015001s, over the p99 bound 0.015000s")) << r.evidence[0].detail;
  EXPECT_TRUE(mentions(r.summary, "judged p99 0.015001s is over the bound 0.015000s")) << r.summary;
}

TEST(Unit, ReadsHealthyFloorBoundAtP99Passes) {
  CheckResult r = run_latency(kMilli, 2 * kMilli);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "p99_bound_us"), 2 * kMilli);
}

TEST(Unit, ReadsHealthyFloorBoundExceededFails) {
  CheckResult r = run_latency(kMilli, 2 * kMilli + 1);
  EXPECT_EQ(r.verdict, Verdict::kFail);
}

TEST(Unit, ReadsHealthyRatioInThousandths) {
  EXPECT_EQ(run_latency(10 * kMilli, 12500, 100, 100, 1.25).verdict, Verdict::kPass);
  EXPECT_EQ(run_latency(10 * kMilli, 12501, 100, 100, 1.25).verdict, Verdict::kFail);
}

TEST(Unit, ReadsHealthySlowReadsShownSlowestFirst) {
  ReadHistory b;
  b.reads(kWarmUp, kBaselineEnd, 100, took(10 * kMilli));
  b.reads(kStart, kJudgedEnd, 88, took(10 * kMilli));
  for (int i = 1; i <= 12; ++i) b.read(kStart + i * kSecond, took(20 * kMilli + i));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.evidence_total, 12u);
  ASSERT_EQ(r.evidence.size(), CheckResult::kMaxEvidence);
  // The ten slowest are the reads sent at S + 3 s to S + 12 s, shown in time order.
  EXPECT_EQ(r.evidence.front().t, kStart + 3 * kSecond);
  EXPECT_EQ(r.evidence.back().t, kStart + 12 * kSecond);
}

TEST(Unit, ReadsHealthyTooFewBaselineSamplesInconclusive) {
  CheckResult r = run_latency(10 * kMilli, 10 * kMilli, 99, 100);
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(figure(r, "baseline_latency_samples"), 99);
  EXPECT_TRUE(mentions(r.summary, "99 in the baseline, below the minimum of 100")) << r.summary;
}

TEST(Unit, ReadsHealthyTooFewJudgedSamplesInconclusive) {
  CheckResult r = run_latency(10 * kMilli, 10 * kMilli, 100, 99);
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_TRUE(mentions(r.summary, "99 in the judged span")) << r.summary;
}

TEST(Unit, ReadsHealthyMinSamplesOnBothSidesJudged) {
  CheckResult r = run_latency(10 * kMilli, 10 * kMilli, 100, 100);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "baseline_latency_samples"), 100);
  EXPECT_EQ(figure(r, "judged_latency_samples"), 100);
}

TEST(Unit, ReadsHealthyErrorsHaveNoLatencySample) {
  ReadHistory b = one_read_history(status(503));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "judged_reads"), 101);
  EXPECT_EQ(figure(r, "judged_latency_samples"), 100);
}

// Maintenance mode: 100 clean baseline reads and 100 reads in [S, E)
// refused with 503 and Retry-After, then one read under test.
ReadHistory maintenance_history(Micros sent, const Reply& reply) {
  ReadHistory b;
  b.header().mode = "maintenance";
  b.reads(kWarmUp, kBaselineEnd, 100);
  b.reads(kStart, kEnd, 100, refused({"60"}));
  b.read(sent, reply);
  return b;
}

CheckResult run_maintenance(Micros sent, const Reply& reply) {
  return run_check(maintenance_history(sent, reply).build(), options(0));
}

TEST(Unit, ReadsHealthyMaintenanceRefusalPasses) {
  CheckResult r = run_maintenance(kStart + kSecond, refused({"Sun, 01 Mar 2026 02:02:01 GMT"}));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "judged_reads"), 101);
  EXPECT_EQ(figure(r, "judged_errors"), 0);
}

TEST(Unit, ReadsHealthyMaintenanceSkipsLatency) {
  CheckResult r = run_maintenance(kStart + kSecond, refused({"60"}));
  EXPECT_TRUE(mentions(r.summary, "latency: not judged in maintenance mode")) << r.summary;
  EXPECT_EQ(figure(r, "judged_latency_samples"), 0);
}

TEST(Unit, ReadsHealthyMaintenanceBare503Fails) {
  CheckResult r = run_maintenance(kStart + kSecond, status(503));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "status 503 without Retry-After"));
}

TEST(Unit, ReadsHealthyMaintenanceBadRetryAfterFails) {
  CheckResult r = run_maintenance(kStart + kSecond, refused({"1.5"}));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "invalid Retry-After \"1.5\"")) << r.evidence[0].detail;
}

TEST(Unit, ReadsHealthyMaintenanceServedReadFails) {
  CheckResult r = run_maintenance(kStart + kSecond, status(200));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "status 200, but a read sent during the maintenance window"));
}

TEST(Unit, ReadsHealthyMaintenanceSoakUsesNormalRule) {
  EXPECT_EQ(run_maintenance(kEnd, status(200)).verdict, Verdict::kPass);
  EXPECT_EQ(run_maintenance(kEnd, refused({"60"})).verdict, Verdict::kFail);
}

CheckResult run_builtin_reads_healthy(const History& h) {
  for (CheckResult& r : builtin_checks().run_all(h)) {
    if (r.check == "reads_healthy") return r;
  }
  ADD_FAILURE() << "reads_healthy did not run";
  return {};
}

TEST(Unit, ReadsHealthyDefaultsReadFromHeader) {
  ReadHistory b;
  b.header().check_options = builtin_checks().resolve_options(nlohmann::json::object());
  b.reads(kWarmUp, kBaselineEnd, 150);
  b.reads(kStart, kJudgedEnd, 150);
  CheckResult r = run_builtin_reads_healthy(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_FALSE(r.remedy.empty());
}

TEST(Unit, ReadsHealthyOptionsReadFromHeader) {
  ReadHistory b;
  b.header().check_options = builtin_checks().resolve_options({{"reads_healthy", {{"min_samples", 200}}}});
  b.reads(kWarmUp, kBaselineEnd, 150);
  b.reads(kStart, kJudgedEnd, 150);
  CheckResult r = run_builtin_reads_healthy(b.build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_TRUE(mentions(r.summary, "below the minimum of 200")) << r.summary;
}

TEST(Unit, ReadsHealthyWarmUpReadFromHeader) {
  ReadHistory b;
  b.header().check_options = builtin_checks().resolve_options({{"reads_healthy", {{"warm_up", "20s"}}}});
  b.reads(kWarmUp, kBaselineEnd, 150);
  b.reads(kStart, kJudgedEnd, 150);
  CheckResult r = run_builtin_reads_healthy(b.build());
  EXPECT_EQ(figure(r, "baseline_reads"), 100);  // reads every 300 ms, from 20 s to 50 s
}

}  // namespace
}  // namespace freezedrill
