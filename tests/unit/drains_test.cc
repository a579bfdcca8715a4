#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "sim/checks/check.h"
#include "sim/checks/drains.h"

namespace freezedrill {
namespace {

constexpr Micros kSecond = kMicrosPerSecond;
constexpr Micros kMilli = kMicrosPerMilli;
constexpr Micros kStart = 60 * kSecond;
constexpr Micros kEnd = 240 * kSecond;

// Builds a history from events given in any order. build() sorts them by
// time, as recording would have appended them.
class DrainsHistory {
 public:
  DrainsHistory() {
    history_.header().epoch_unix = 1772330400;  // 2026-03-01T02:00:00Z
    history_.header().start = kStart;
    history_.header().end = kEnd;
  }

  DrainsHistory(DrainsHistory&&) = default;
  DrainsHistory(const DrainsHistory&) = delete;

  HistoryHeader& header() { return history_.header(); }

  void unit(Micros t, const std::string& kind = "batch", std::uint64_t id = 17, const std::string& actor = "backfill") {
    events_.push_back({t, ev::WorkStarted{history_.intern(actor), history_.intern(kind), id, 2}});
  }

  void poll(Micros t, const std::string& actor = "worker", bool guard = false) {
    events_.push_back({t, ev::FlagPolled{history_.intern(actor), 1, false, true, guard}});
  }

  void worker_start(Micros t, std::uint32_t restart, const std::string& actor = "worker") {
    events_.push_back({t, ev::WorkerStarted{history_.intern(actor), restart, 1}});
  }

  // `count` polls from `from`, one every `gap`.
  void polls(Micros from, int count, Micros gap, const std::string& actor = "worker") {
    for (int i = 0; i < count; ++i) poll(from + i * gap, actor);
  }

  void extend(Micros at, Micros new_end) { events_.push_back({at, ev::WindowExtended{new_end, kNoStr}}); }
  void finish(Micros t, const std::string& actor, const std::string& outcome, const std::string& kind = "compaction") {
    events_.push_back({t, ev::WorkFinished{history_.intern(actor), history_.intern(kind), 1, kNoInstance,
                                           history_.intern(outcome)}});
  }

  const History& build() {
    std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
    for (Event& e : events_) history_.append_event(std::move(e));
    events_.clear();
    return history_;
  }

 private:
  History history_;
  std::vector<Event> events_;
};

CheckResult run_check(const History& h, const std::string& drain_grace = "0s", std::int64_t max_poll_rate = 10) {
  return DrainsCheck().run(h, CheckOptions(nlohmann::json{{"drain_grace", drain_grace},
                                                          {"max_poll_rate", max_poll_rate}}));
}

CheckResult run_with_unit_at(Micros t, const std::string& drain_grace = "0s") {
  DrainsHistory b;
  b.unit(t);
  return run_check(b.build(), drain_grace);
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

TEST(Unit, DrainsEmptyHistoryNotApplicable) {
  DrainsHistory b;
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kNotApplicable);
  EXPECT_TRUE(mentions(r.summary, "nothing to judge"));
}

TEST(Unit, DrainsUnitBeforeStartPasses) {
  CheckResult r = run_with_unit_at(kStart - 1);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "units_started"), 1);
  EXPECT_EQ(figure(r, "units_started_in_window"), 0);
}

TEST(Unit, DrainsUnitAtStartFails) {
  CheckResult r = run_with_unit_at(kStart);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "units_started_in_window"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kStart);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "0 s after S"));
}

TEST(Unit, DrainsUnitJustBeforeEndFails) {
  EXPECT_EQ(run_with_unit_at(kEnd - 1).verdict, Verdict::kFail);
}

TEST(Unit, DrainsUnitAtEndPasses) {
  EXPECT_EQ(run_with_unit_at(kEnd).verdict, Verdict::kPass);
}

TEST(Unit, DrainsUnitBeforeGraceEndPasses) {
  CheckResult r = run_with_unit_at(kStart + 2 * kSecond - 1, "2s");
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

TEST(Unit, DrainsUnitAtGraceEndFails) {
  CheckResult r = run_with_unit_at(kStart + 2 * kSecond, "2s");
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "2 s after S"));
}

TEST(Unit, DrainsExtensionMovesEndLater) {
  DrainsHistory b;
  b.extend(kStart + 10 * kSecond, 300 * kSecond);
  b.unit(kEnd);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "[60.000000s, 300.000000s)"));
}

TEST(Unit, DrainsUnitAtExtendedEndPasses) {
  DrainsHistory b;
  b.extend(kStart + 10 * kSecond, 300 * kSecond);
  b.unit(300 * kSecond);
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kPass);
}

TEST(Unit, DrainsUnitEvidenceNamesUnit) {
  DrainsHistory b;
  b.unit(kStart + 12 * kSecond + 500 * kMilli, "migration_step", 4, "migrate-users");
  CheckResult r = run_check(b.build());
  ASSERT_EQ(r.evidence.size(), 1u);
  const Evidence& e = r.evidence[0];
  EXPECT_EQ(e.t, kStart + 12 * kSecond + 500 * kMilli);
  EXPECT_EQ(e.actor, "migrate-users");
  EXPECT_EQ(e.instance, 2);
  EXPECT_EQ(e.request_id, 0u);
  EXPECT_TRUE(mentions(e.detail, "migration_step 4 started at 72.500000s, 12.5 s after S")) << e.detail;
  EXPECT_TRUE(mentions(r.summary, "1 unit of work started")) << r.summary;
}

TEST(Unit, DrainsEveryKindOfUnitCounts) {
  DrainsHistory b;
  b.unit(kStart + kSecond, "batch");
  b.unit(kStart + 2 * kSecond, "job");
  b.unit(kStart + 3 * kSecond, "migration_step");
  b.unit(kStart + 4 * kSecond, "compaction");
  b.unit(kEnd + kSecond, "job");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "units_started_in_window"), 4);
  EXPECT_EQ(figure(r, "units_started"), 5);
  EXPECT_EQ(r.evidence_total, 4u);
}

TEST(Unit, DrainsPollsAtRatePass) {
  DrainsHistory b;
  // 11 polls 100 ms apart: the 11th is at exactly t + 1 s, outside [t, t + 1 s).
  b.polls(kStart, 11, 100 * kMilli);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "peak_polls_per_second"), 10);
  EXPECT_EQ(text_figure(r, "peak_poll_actor"), "worker");
}

TEST(Unit, DrainsPollsOverRateFail) {
  DrainsHistory b;
  b.polls(kStart, 11, 99 * kMilli);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "actors_over_poll_rate"), 1);
  EXPECT_EQ(figure(r, "peak_polls_per_second"), 11);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kStart);
  EXPECT_EQ(r.evidence[0].actor, "worker");
  EXPECT_TRUE(mentions(r.evidence[0].detail, "11 flag polls and 0 worker restarts in [60.000000s, 61.000000s)"))
      << r.evidence[0].detail;
}

TEST(Unit, DrainsPollBurstLaterInRunFails) {
  DrainsHistory b;
  b.polls(10 * kSecond, 5, kSecond);
  b.polls(300 * kSecond, 11, 10 * kMilli);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, 300 * kSecond);
}

TEST(Unit, DrainsMaxPollRateMovesLimit) {
  DrainsHistory b;
  b.polls(kStart, 6, 100 * kMilli);
  EXPECT_EQ(run_check(b.build(), "0s", 5).verdict, Verdict::kFail);
}

TEST(Unit, DrainsRestartsAtRatePass) {
  DrainsHistory b;
  b.polls(kStart, 5, 100 * kMilli);
  for (int i = 1; i <= 5; ++i) b.worker_start(kStart + 500 * kMilli + i * 50 * kMilli, i);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "peak_polls_per_second"), 10);
}

TEST(Unit, DrainsRestartsOverRateFail) {
  DrainsHistory b;
  b.polls(kStart, 5, 100 * kMilli);
  for (int i = 1; i <= 6; ++i) b.worker_start(kStart + 500 * kMilli + i * 50 * kMilli, i);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "5 flag polls and 6 worker restarts")) << r.evidence[0].detail;
}

TEST(Unit, DrainsFirstWorkerStartNotCounted) {
  DrainsHistory b;
  b.worker_start(kStart, 0);
  b.polls(kStart, 10, 50 * kMilli);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "peak_polls_per_second"), 10);
}

TEST(Unit, DrainsFirstWorkerStartAloneApplies) {
  DrainsHistory b;
  b.worker_start(kStart, 0);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "actors_polling"), 0);
}

TEST(Unit, DrainsGuardReadsNotCounted) {
  DrainsHistory b;
  for (int i = 0; i < 50; ++i) b.poll(kStart + i * 10 * kMilli, "service", true);
  b.polls(kStart, 10, 50 * kMilli);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "actors_polling"), 1);
  EXPECT_EQ(text_figure(r, "peak_poll_actor"), "worker");
}

TEST(Unit, DrainsGuardReadsAloneNotApplicable) {
  DrainsHistory b;
  for (int i = 0; i < 50; ++i) b.poll(kStart + i * 10 * kMilli, "service", true);
  EXPECT_EQ(run_check(b.build()).verdict, Verdict::kNotApplicable);
}

TEST(Unit, DrainsPollsCountPerActor) {
  DrainsHistory b;
  b.polls(kStart, 10, 50 * kMilli, "worker-a");
  b.polls(kStart, 10, 50 * kMilli, "worker-b");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "actors_polling"), 2);
}

TEST(Unit, DrainsPeakActorIsBusiest) {
  DrainsHistory b;
  b.polls(kStart, 3, 100 * kMilli, "worker-a");
  b.polls(kStart + 5 * kSecond, 7, 100 * kMilli, "worker-b");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "peak_polls_per_second"), 7);
  EXPECT_EQ(text_figure(r, "peak_poll_actor"), "worker-b");
  EXPECT_TRUE(mentions(r.summary, "\"worker-b\", polled or restarted 7 times")) << r.summary;
}

TEST(Unit, DrainsEvidenceInTimeOrder) {
  DrainsHistory b;
  b.unit(kStart + 5 * kSecond);
  b.polls(kStart + kSecond, 11, 10 * kMilli);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[0].actor, "worker");
  EXPECT_EQ(r.evidence[1].actor, "backfill");
  EXPECT_TRUE(mentions(r.summary, "1 unit of work started")) << r.summary;
  EXPECT_TRUE(mentions(r.summary, "1 actor polled")) << r.summary;
}

TEST(Unit, BuiltinChecksDrainsThenReadsHealthy) {
  std::vector<std::string> names;
  for (const auto& check : builtin_checks().all()) names.emplace_back(check->name());
  auto position = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) - names.begin(); };
  ASSERT_LT(position("drains"), static_cast<std::ptrdiff_t>(names.size()));
  EXPECT_LT(position("write_status"), position("drains"));
  EXPECT_LT(position("retry_after_respected"), position("drains"));
  EXPECT_LT(position("backoff_bounded"), position("drains"));
  EXPECT_EQ(position("drains") + 1, position("reads_healthy"));
}

CheckResult run_builtin_drains(const History& h) {
  for (CheckResult& r : builtin_checks().run_all(h)) {
    if (r.check == "drains") return r;
  }
  ADD_FAILURE() << "drains did not run";
  return {};
}

TEST(Unit, DrainsOptionsReadFromHeader) {
  DrainsHistory b;
  b.header().check_options = builtin_checks().resolve_options({{"drains", {{"drain_grace", "2s"}}}});
  b.unit(kStart + kSecond);
  CheckResult r = run_builtin_drains(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_FALSE(r.remedy.empty());
}

TEST(Unit, DrainsDefaultsReadFromHeader) {
  DrainsHistory b;
  b.header().check_options = builtin_checks().resolve_options(nlohmann::json::object());
  b.unit(kStart + kSecond);
  EXPECT_EQ(run_builtin_drains(b.build()).verdict, Verdict::kFail);
}

TEST(Drains, PausedJobsReportedNotJudged) {
  DrainsHistory b;
  b.unit(10 * kSecond, "compaction", 1, "compactor");
  b.finish(11 * kSecond, "compactor", "done");
  b.unit(59 * kSecond, "migration_step", 1, "schema");
  b.finish(61 * kSecond, "schema", "paused", "migration_step");
  b.finish(61 * kSecond, "compactor", "paused");
  b.finish(250 * kSecond, "schema", "done", "migration_step");
  b.finish(251 * kSecond, "schema", "done", "migration_step");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "units_paused"), 2);
  EXPECT_EQ(text_figure(r, "paused_jobs"), "schema: 2 done, 1 paused; compactor: 1 done, 1 paused");
}

TEST(Drains, NoPausedJobsEmptyText) {
  DrainsHistory b;
  b.unit(10 * kSecond);
  b.finish(11 * kSecond, "backfill", "done", "batch");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(figure(r, "units_paused"), 0);
  EXPECT_EQ(text_figure(r, "paused_jobs"), "");
}

}  // namespace
}  // namespace freezedrill
