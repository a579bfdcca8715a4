#include <gtest/gtest.h>

#include <string>

#include "sim/checks/check.h"
#include "sim/checks/no_write_leak.h"

namespace freezedrill {
namespace {

constexpr Micros kStart = 60 * kMicrosPerSecond;
constexpr Micros kEnd = 240 * kMicrosPerSecond;

History make_history() {
  History h;
  h.header().epoch_unix = 1772330400;  // 2026-03-01T02:00:00Z
  h.header().start = kStart;
  h.header().end = kEnd;
  return h;
}

// A mutation on sink "kv" from kv_writer, admitted 1 ms before it is applied.
ev::MutationApplied mutation(History& h, SinkRole role, Micros admitted_at, std::uint64_t request_id = 7) {
  ev::MutationApplied m;
  m.sink = h.intern("kv");
  m.role = role;
  m.key = h.intern("user/42");
  m.origin = h.intern("kv_writer");
  m.request_id = request_id;
  m.admitted_at = admitted_at;
  m.instance = 1;
  m.mutation = h.intern("put");
  return m;
}

void apply_protected(History& h, Micros t) {
  h.append(t, mutation(h, SinkRole::kProtected, t - kMicrosPerMilli));
}

CheckResult run_check(const History& h, const std::string& fence_grace = "0s") {
  return NoWriteLeakCheck().run(h, CheckOptions(nlohmann::json{{"fence_grace", fence_grace}}));
}

std::int64_t figure(const CheckResult& r, const std::string& name) {
  for (const Figure& f : r.figures) {
    if (f.name == name) return std::get<std::int64_t>(f.value);
  }
  ADD_FAILURE() << "no figure " << name;
  return -1;
}

TEST(Unit, NoWriteLeakEmptyHistoryPasses) {
  History h = make_history();
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_EQ(figure(r, "protected_mutations_audited"), 0);
}

TEST(Unit, NoWriteLeakJustBeforeStartPasses) {
  History h = make_history();
  apply_protected(h, kStart - 1);
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_EQ(figure(r, "protected_mutations_audited"), 1);
  EXPECT_EQ(figure(r, "leaks_in_window"), 0);
}

TEST(Unit, NoWriteLeakAtStartFails) {
  History h = make_history();
  apply_protected(h, kStart);
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "leaks_in_window"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kStart);
}

TEST(Unit, NoWriteLeakAtEndPasses) {
  History h = make_history();
  apply_protected(h, kEnd);
  EXPECT_EQ(run_check(h).verdict, Verdict::kPass);
}

TEST(Unit, NoWriteLeakJustBeforeEndFails) {
  History h = make_history();
  apply_protected(h, kEnd - 1);
  EXPECT_EQ(run_check(h).verdict, Verdict::kFail);
}

TEST(Unit, NoWriteLeakGraceAllowsJustBefore) {
  History h = make_history();
  apply_protected(h, kStart + 2 * kMicrosPerSecond - 1);
  EXPECT_EQ(run_check(h, "2s").verdict, Verdict::kPass);
}

TEST(Unit, NoWriteLeakGraceEndFails) {
  History h = make_history();
  apply_protected(h, kStart + 2 * kMicrosPerSecond);
  EXPECT_EQ(run_check(h, "2s").verdict, Verdict::kFail);
}

TEST(Unit, NoWriteLeakGraceKeepsEnd) {
  History h = make_history();
  apply_protected(h, kEnd - 1);
  apply_protected(h, kEnd);
  CheckResult r = run_check(h, "2s");
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "leaks_in_window"), 1);
}

TEST(Unit, NoWriteLeakStraddlingWriteFails) {
  History h = make_history();
  h.append(kStart + kMicrosPerSecond, mutation(h, SinkRole::kProtected, kStart - kMicrosPerSecond));
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "leaks_admitted_before_start"), 1);
  EXPECT_EQ(figure(r, "leaks_from_background_work"), 0);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_NE(r.evidence[0].detail.find("admitted before S (straddling write)"), std::string::npos);
  EXPECT_NE(r.evidence[0].detail.find("admitted at 59.000000s"), std::string::npos);
}

TEST(Unit, NoWriteLeakAdmittedInWindowDetail) {
  History h = make_history();
  h.append(kStart + kMicrosPerSecond, mutation(h, SinkRole::kProtected, kStart));
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "leaks_admitted_before_start"), 0);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_NE(r.evidence[0].detail.find("admitted in the window"), std::string::npos);
}

TEST(Unit, NoWriteLeakBackgroundWorkDetail) {
  History h = make_history();
  h.append(kStart + kMicrosPerSecond, mutation(h, SinkRole::kProtected, kStart - kMicrosPerSecond, 0));
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "leaks_from_background_work"), 1);
  EXPECT_EQ(figure(r, "leaks_admitted_before_start"), 0);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_NE(r.evidence[0].detail.find("background work (no request)"), std::string::npos);
}

TEST(Unit, NoWriteLeakEvidenceNamesMutation) {
  History h = make_history();
  apply_protected(h, kStart + kMicrosPerSecond);
  CheckResult r = run_check(h);
  ASSERT_EQ(r.evidence.size(), 1u);
  const Evidence& e = r.evidence[0];
  EXPECT_EQ(e.t, kStart + kMicrosPerSecond);
  EXPECT_EQ(e.actor, "kv_writer");
  EXPECT_EQ(e.instance, 1);
  EXPECT_EQ(e.request_id, 7u);
  EXPECT_NE(e.detail.find("put on protected sink \"kv\" key \"user/42\""), std::string::npos);
  EXPECT_NE(r.summary.find("kv_writer"), std::string::npos);
}

TEST(Unit, NoWriteLeakIntentQueueNeverLeaks) {
  History h = make_history();
  h.append(kStart, mutation(h, SinkRole::kIntentQueue, kStart));
  h.append(kStart + kMicrosPerSecond, mutation(h, SinkRole::kIntentQueue, kStart));
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_EQ(figure(r, "protected_mutations_audited"), 0);
}

TEST(Unit, NoWriteLeakAuditNeverLeaks) {
  History h = make_history();
  h.append(kStart, mutation(h, SinkRole::kAudit, kStart));
  EXPECT_EQ(run_check(h).verdict, Verdict::kPass);
}

TEST(Unit, NoWriteLeakExtensionMovesEnd) {
  History h = make_history();
  h.append(kStart + 10 * kMicrosPerSecond, ev::WindowExtended{300 * kMicrosPerSecond, h.intern("operator")});
  apply_protected(h, kEnd);
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "leaks_in_window"), 1);
}

TEST(Unit, NoWriteLeakExtendedEndPasses) {
  History h = make_history();
  h.append(kStart + 10 * kMicrosPerSecond, ev::WindowExtended{300 * kMicrosPerSecond, h.intern("operator")});
  apply_protected(h, 300 * kMicrosPerSecond);
  EXPECT_EQ(run_check(h).verdict, Verdict::kPass);
}

TEST(Unit, NoWriteLeakCountsEveryLeak) {
  History h = make_history();
  for (int i = 0; i < 12; ++i) apply_protected(h, kStart + i * kMicrosPerSecond);
  CheckResult r = run_check(h);
  EXPECT_EQ(figure(r, "leaks_in_window"), 12);
  EXPECT_EQ(r.evidence_total, 12u);
  EXPECT_EQ(r.evidence.size(), CheckResult::kMaxEvidence);
}

TEST(Unit, BuiltinChecksOrder) {
  const auto& all = builtin_checks().all();
  ASSERT_GE(all.size(), 2u);
  EXPECT_EQ(all[0]->name(), "no_write_leak");
  EXPECT_EQ(all[1]->name(), "write_status");
}

TEST(Unit, BuiltinChecksRunFromHeader) {
  History h = make_history();
  h.header().check_options = builtin_checks().resolve_options(nlohmann::json::object());
  apply_protected(h, kStart);
  std::vector<CheckResult> results = builtin_checks().run_all(h);
  ASSERT_GE(results.size(), 1u);
  EXPECT_EQ(results[0].check, "no_write_leak");
  EXPECT_EQ(results[0].verdict, Verdict::kFail);
  EXPECT_FALSE(results[0].remedy.empty());
}

}  // namespace
}  // namespace freezedrill
