// The scenario library and the detection matrix. Every library scenario
// meets its expectation, and every defect in the catalogue has a scenario
// that fails with exactly its check set. Switching a defect on for its clean
// baseline gives the same set, and every defect scenario with its defects
// removed passes (no false alarm).

#include <algorithm>
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

using library_support::context;
using library_support::describe;
using library_support::failed_checks;
using library_support::library_dir;
using library_support::library_files;
using library_support::source_dir;

class LibraryScenario : public testing::TestWithParam<std::string> {};

TEST_P(LibraryScenario, MeetsItsExpectation) {
  Scenario s = load_scenario_file(GetParam(), context());
  RunOutput out = run_scenario(s, s.seed, builtin_checks(), {});
  EXPECT_TRUE(out.result.met()) << describe(out.result);
  EXPECT_EQ(failed_checks(out.result), s.expect_failure) << describe(out.result);
}

TEST_P(LibraryScenario, PassesWithDefectsRemoved) {
  Scenario s = load_scenario_file(GetParam(), context());
  if (s.deployment.defects.empty()) GTEST_SKIP() << "clean scenario";
  s.deployment.defects.clear();
  s.expect_failure.clear();
  RunOutput out = run_scenario(s, s.seed, builtin_checks(), {});
  EXPECT_TRUE(failed_checks(out.result).empty()) << describe(out.result);
  EXPECT_TRUE(out.result.met()) << describe(out.result);
}

INSTANTIATE_TEST_SUITE_P(Library, LibraryScenario, testing::ValuesIn(library_files()),
                         library_support::scenario_test_name);

class CatalogueDefect : public testing::TestWithParam<std::string> {};

TEST_P(CatalogueDefect, HasScenarioFailingExactlyItsChecks) {
  const DefectEntry* entry = builtin_defects().find(GetParam());
  ASSERT_NE(entry, nullptr);
  std::string path = source_dir() + "/" + entry->scenario;
  ASSERT_TRUE(std::filesystem::exists(path)) << "missing scenario " << entry->scenario;

  Scenario s = load_scenario_file(path, context());
  EXPECT_NE(std::find(s.deployment.defects.begin(), s.deployment.defects.end(), entry->name),
            s.deployment.defects.end());
  RunOutput out = run_scenario(s, s.seed, builtin_checks(), {});
  EXPECT_EQ(failed_checks(out.result), entry->checks) << describe(out.result);
}

TEST_P(CatalogueDefect, SwitchedOnForBaselineFailsItsChecks) {
  const DefectEntry* entry = builtin_defects().find(GetParam());
  ASSERT_NE(entry, nullptr);
  Scenario s = load_scenario_file(source_dir() + "/" + entry->baseline, context());
  EXPECT_TRUE(s.deployment.defects.empty()) << entry->baseline << " is not a clean baseline";
  add_defects(s, {entry->name}, context());
  EXPECT_EQ(s.expect_failure, entry->checks);

  RunOutput out = run_scenario(s, s.seed, builtin_checks(), {entry->name});
  EXPECT_EQ(failed_checks(out.result), entry->checks) << describe(out.result);
  EXPECT_TRUE(out.result.met()) << describe(out.result);
}

std::vector<std::string> defect_names() {
  std::vector<std::string> names;
  for (const DefectEntry& e : builtin_defects().all()) names.push_back(e.name);
  return names;
}

std::string defect_test_name(const testing::TestParamInfo<std::string>& param_info) { return param_info.param; }

INSTANTIATE_TEST_SUITE_P(Matrix, CatalogueDefect, testing::ValuesIn(defect_names()), defect_test_name);

}  // namespace
}  // namespace freezedrill
