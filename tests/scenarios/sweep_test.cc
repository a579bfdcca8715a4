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
#include "tests/scenarios/library_support.h"

namespace freezedrill {
namespace {

std::uint64_t seeds_from_env(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::strtoull(text, nullptr, 10);
}

using library_support::describe;
using library_support::failed_checks;
using library_support::library_files;

Scenario load(const std::string& path) { return load_scenario_file(path, library_support::context()); }

class SeedSweep : public testing::TestWithParam<std::string> {};

// Runs the scenario's clean variant (defects removed) on seeds 1..N, N from
// the environment variable, and reports each unmet seed (at most three).
void sweep_clean_variant(const std::string& path, const char* seeds_variable, bool chaos) {
  Scenario s = load(path);
  s.deployment.defects.clear();
  s.expect_failure.clear();
  std::uint64_t seeds = seeds_from_env(seeds_variable, 200);
  int unmet = 0;
  for (std::uint64_t seed = 1; seed <= seeds && unmet < 3; ++seed) {
    RunOutput out = run_scenario(s, seed, builtin_checks(), {}, chaos);
    if (!out.result.met()) {
      ++unmet;
      ADD_FAILURE() << "false alarm on seed " << seed << (chaos ? " with chaos" : "") << " (defects removed)\n"
                    << describe(out.result);
    }
  }
}

TEST_P(SeedSweep, CleanVariantPassesEverySeed) { sweep_clean_variant(GetParam(), "FREEZEDRILL_CLEAN_SEEDS", false); }

TEST_P(SeedSweep, CleanVariantPassesEverySeedWithChaos) {
  sweep_clean_variant(GetParam(), "FREEZEDRILL_CHAOS_SEEDS", true);
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
    if (failed != expected || !out.result.met()) {
      ++unmet;
      ADD_FAILURE() << "seed " << seed << " did not fail exactly the declared checks\n" << describe(out.result);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Library, SeedSweep, testing::ValuesIn(library_files()),
                         library_support::scenario_test_name);

}  // namespace
}  // namespace freezedrill
