// Seed sweeps over the scenario library: no false alarms and no escapes.
// Every clean variant of a library scenario (its defects switched off) must
// pass on every seed, and every scenario with defects must fail exactly its
// declared checks on every seed. A clean variant identical to an earlier
// file's (a defect scenario copied from its baseline) is swept once.
// FREEZEDRILL_CLEAN_SEEDS, FREEZEDRILL_CHAOS_SEEDS and FREEZEDRILL_DEFECT_SEEDS
// set the number of seeds (defaults 200, 200 and 20).

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

// What a clean variant runs: the normalised scenario without its name,
// description, defects and expected failures. Many defect scenarios are
// their baseline with one defect switched on, so their clean variants are
// the same run.
std::string clean_variant_key(const Scenario& s) {
  nlohmann::json key = s.normalised;
  for (const char* field : {"scenario", "description", "expect_failure"}) key.erase(field);
  if (key.contains("deployment")) key["deployment"].erase("defects");
  return key.dump();
}

// The first library file whose clean variant runs the same as `path`'s.
std::string first_with_same_clean_variant(const std::string& path) {
  static const std::vector<std::pair<std::string, std::string>> keys = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& file : library_files()) out.emplace_back(clean_variant_key(load(file)), file);
    return out;
  }();
  std::string key = clean_variant_key(load(path));
  for (const auto& [other_key, file] : keys) {
    if (other_key == key) return file;
  }
  return path;
}

// Runs the scenario's clean variant (defects removed) on seeds 1..N, N from
// the environment variable, and reports each unmet seed (at most three).
void sweep_clean_variant(const std::string& path, const char* seeds_variable, bool chaos) {
  std::string same = first_with_same_clean_variant(path);
  if (same != path) {
    GTEST_SKIP() << "its clean variant is the one of " << std::filesystem::path(same).filename().string()
                 << ", swept there";
  }
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
