#ifndef FREEZEDRILL_TESTS_SCENARIOS_LIBRARY_SUPPORT_H_
#define FREEZEDRILL_TESTS_SCENARIOS_LIBRARY_SUPPORT_H_

// Helpers shared by the library, detection-matrix and seed-sweep tests.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fakes/defects/builtin_defects.h"
#include "sim/checks/check.h"
#include "sim/result/result.h"
#include "sim/scenario/loader.h"

namespace freezedrill::library_support {

inline std::string source_dir() { return FREEZEDRILL_SOURCE_DIR; }
inline std::string library_dir() { return source_dir() + "/scenarios"; }
inline ScenarioContext context() { return {builtin_checks(), builtin_defects()}; }
inline std::vector<std::string> library_files() { return scenario_files_in(library_dir()); }

// The checks that failed, sorted like a catalogue entry's check set.
inline std::vector<std::string> failed_checks(const ScenarioResult& r) {
  std::vector<std::string> failed;
  for (const CheckOutcome& c : r.checks) {
    if (c.result.verdict == Verdict::kFail) failed.push_back(c.result.check);
  }
  std::sort(failed.begin(), failed.end());
  return failed;
}

// The reproduce command and every check's verdict, for a failure message.
inline std::string describe(const ScenarioResult& r) {
  std::string out = r.reproduce + "\n";
  for (const CheckOutcome& c : r.checks) {
    out += "  " + c.result.check + ": " + std::string(verdict_name(c.result.verdict)) + " (" +
           std::string(expectation_name(c.expectation)) + ") " + c.result.summary + "\n";
  }
  if (!r.harness_error.empty()) out += "  harness error: " + r.harness_error + "\n";
  return out;
}

// A test name from a scenario path: "defect-retry-after-empty.json" -> "defect_retry_after_empty".
inline std::string scenario_test_name(const testing::TestParamInfo<std::string>& param_info) {
  std::string name = std::filesystem::path(param_info.param).stem().string();
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

}  // namespace freezedrill::library_support

#endif  // FREEZEDRILL_TESTS_SCENARIOS_LIBRARY_SUPPORT_H_
