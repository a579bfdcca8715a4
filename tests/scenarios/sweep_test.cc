// Seed sweeps over the scenario library: no false alarms and no escapes.
// Every clean variant of a library scenario (its defects switched off) must
// pass on every seed, and every scenario with defects must fail exactly its
// declared checks on every seed. FREEZEDRILL_CLEAN_SEEDS and
// FREEZEDRILL_DEFECT_SEEDS set the number of seeds (defaults 200 and 20).

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fakes/defects/builtin_defects.h"
#include "sim/checks/check.h"
#include "sim/runner/runner.h"
#include "sim/scenario/loader.h"

namespace freezedrill {
namespace {

std::uint64_t seeds_from_env(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::strtoull(text, nullptr, 10);
}

std::vector<std::string> failed_checks(const ScenarioResult& r) {
  std::vector<std::string> failed;
  for (const CheckOutcome& c : r.checks) {
    if (c.result.verdict == Verdict::kFail) failed.push_back(c.result.check);
  }
  return failed;  // registry order; compared as sorted sets below
}

std::string describe(const ScenarioResult& r) {
  std::string out = r.reproduce + "\n";
  for (const CheckOutcome& c : r.checks) {
    if (c.expectation == Expectation::kMet) continue;
    out += "  " + c.result.check + ": " + std::string(verdict_name(c.result.verdict)) + " " + c.result.summary + "\n";
  }
  if (!r.harness_error.empty()) out += "  harness error: " + r.harness_error + "\n";
  return out;
}

Scenario load(const std::string& path) {
  ScenarioContext context{builtin_checks(), builtin_defects()};
  return load_scenario_file(path, context);
}

std::vector<std::string> library_files() {
  return scenario_files_in(std::string(FREEZEDRILL_SOURCE_DIR) + "/scenarios");
}

class SeedSweep : public testing::TestWithParam<std::string> {};

TEST_P(SeedSweep, CleanVariantPassesEverySeed) {
  Scenario s = load(GetParam());
  s.deployment.defects.clear();
  s.expect_failure.clear();
  std::uint64_t seeds = seeds_from_env("FREEZEDRILL_CLEAN_SEEDS", 200);
  int unmet = 0;
  for (std::uint64_t seed = 1; seed <= seeds && unmet < 3; ++seed) {
    RunOutput out = run_scenario(s, seed, builtin_checks(), {});
    if (!out.result.met()) {
      ++unmet;
      ADD_FAILURE() << "false alarm on seed " << seed << " (defects removed)\n" << describe(out.result);
    }
  }
}

TEST_P(SeedSweep, DefectsCaughtEverySeed) {
  Scenario s = load(GetParam());
  if (s.deployment.defects.empty()) GTEST_SKIP() << "clean scenario";
  std::vector<std::string> expected = s.expect_failure;
  std::uint64_t seeds = seeds_from_env("FREEZEDRILL_DEFECT_SEEDS", 20);
  int unmet = 0;
  for (std::uint64_t seed = 1; seed <= seeds && unmet < 3; ++seed) {
    RunOutput out = run_scenario(s, seed, builtin_checks(), {});
    std::vector<std::string> failed = failed_checks(out.result);
    std::sort(failed.begin(), failed.end());
    if (failed != expected || !out.result.met()) {
      ++unmet;
      ADD_FAILURE() << "seed " << seed << " did not fail exactly the declared checks\n" << describe(out.result);
    }
  }
}

std::string test_name(const testing::TestParamInfo<std::string>& param_info) {
  std::string name = std::filesystem::path(param_info.param).stem().string();
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Library, SeedSweep, testing::ValuesIn(library_files()), test_name);

}  // namespace
}  // namespace freezedrill
