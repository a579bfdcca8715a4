// Scenario power: each catalogue defect switched on in turn and classified by
// the checks that show it.

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fakes/defects/builtin_defects.h"
#include "sim/runner/mutate.h"
#include "sim/scenario/loader.h"

namespace freezedrill {
namespace {

ScenarioContext context() { return {builtin_checks(), builtin_defects()}; }

// baseline-kv against the whole catalogue, computed once: every test reads it.
const MutationReport& baseline_kv_report() {
  static const MutationReport report = [] {
    Scenario s = load_scenario_file(std::string(FREEZEDRILL_SOURCE_DIR) + "/scenarios/baseline-kv.json", context());
    return mutate_scenario(s, s.seed, builtin_checks(), builtin_defects());
  }();
  return report;
}

// API clients that only read: write defects have nothing to act on.
constexpr const char* kReadsOnly = R"({
  "version": 1,
  "scenario": "reads-only",
  "service": "kv-api",
  "seed": 3,
  "epoch": "2026-03-01T02:00:00Z",
  "duration": "3m",
  "window": { "start": "60s", "end": "120s", "retry_after": "60s", "announce_lead": "10s", "soak": "10s" },
  "deployment": { "instances": 2, "capacity": "400/s" },
  "surfaces": [ { "kind": "client", "name": "readers", "count": 10, "rate": "1/s", "writes": 0 } ]
})";

const DefectMutation& find(const MutationReport& report, const std::string& name) {
  auto it = std::find_if(report.defects.begin(), report.defects.end(),
                         [&name](const DefectMutation& d) { return d.defect == name; });
  if (it == report.defects.end()) throw std::runtime_error("no result for defect " + name);
  return *it;
}

TEST(Mutate, BaselineCatchesRetryAfterEmpty) {
  const DefectMutation& d = find(baseline_kv_report(), "retry_after_empty");
  EXPECT_EQ(d.result, MutationResult::kCaught) << d.reason;
  EXPECT_EQ(d.failed_checks, d.expected_checks);
  EXPECT_NE(d.reason.find("failed: backoff_bounded, write_status"), std::string::npos) << d.reason;
}

TEST(Mutate, BaselineLacksCronSurface) {
  const DefectMutation& d = find(baseline_kv_report(), "cron_ignores_flag");
  EXPECT_EQ(d.result, MutationResult::kNotApplicable);
  EXPECT_EQ(d.reason, "not applicable: no cron surface");
  EXPECT_TRUE(d.failed_checks.empty());
}

TEST(Mutate, BaselineRunsCleanWithoutDefects) {
  const MutationReport& report = baseline_kv_report();
  EXPECT_TRUE(report.failing_without_defects.empty());
  EXPECT_EQ(report.seed, 7u);
  EXPECT_EQ(report.defects.size(), builtin_defects().all().size());
  EXPECT_EQ(report.count(MutationResult::kAlreadyOn), 0);
  EXPECT_GT(report.applicable(), 0);
}

TEST(Mutate, ReadsOnlyLetsWriteDefectsEscape) {
  Scenario s = load_scenario_text(kReadsOnly, "reads-only.json", context());
  MutationReport report = mutate_scenario(s, s.seed, builtin_checks(), builtin_defects());

  for (const char* name : {"retry_after_missing", "reenable_latched"}) {
    const DefectMutation& d = find(report, name);
    EXPECT_EQ(d.result, MutationResult::kEscaped) << name << ": " << d.reason;
    EXPECT_TRUE(d.failed_checks.empty()) << name;
    EXPECT_NE(d.reason.find("write_status not_applicable"), std::string::npos) << name << ": " << d.reason;
  }
  EXPECT_TRUE(report.any_gap());
}

TEST(Mutate, DefectAlreadyOnIsSkipped) {
  Scenario s = load_scenario_file(std::string(FREEZEDRILL_SOURCE_DIR) + "/scenarios/defect-retry-after-empty.json",
                                  context());
  ASSERT_EQ(s.deployment.defects, std::vector<std::string>{"retry_after_empty"});
  MutationReport report = mutate_scenario(s, s.seed, builtin_checks(), builtin_defects());

  const DefectMutation& d = find(report, "retry_after_empty");
  EXPECT_EQ(d.result, MutationResult::kAlreadyOn);
  EXPECT_EQ(report.failing_without_defects, (std::vector<std::string>{"backoff_bounded", "write_status"}));

  // Its sibling fails the same checks, which already fail without it, so
  // nothing can show it.
  const DefectMutation& sibling = find(report, "retry_after_missing");
  EXPECT_NE(sibling.result, MutationResult::kCaught) << sibling.reason;
  EXPECT_NE(sibling.reason.find("already fails without the defect"), std::string::npos) << sibling.reason;
}

}  // namespace
}  // namespace freezedrill
