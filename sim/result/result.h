#ifndef FREEZEDRILL_SIM_RESULT_RESULT_H_
#define FREEZEDRILL_SIM_RESULT_RESULT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/core/time.h"

namespace freezedrill {

// The result model. Checks produce it; report writers read only it.

enum class Verdict : std::uint8_t { kPass, kFail, kNotApplicable, kInconclusive };
std::string_view verdict_name(Verdict v);

// The worse of two verdicts, in the order fail, inconclusive, pass,
// not_applicable. A check made of several rules combines its parts with it.
Verdict worst(Verdict a, Verdict b);

// A named figure. Values are integers or preformatted text (fixed precision),
// never floating point, so reports are byte-identical across machines.
struct Figure {
  std::string name;
  std::variant<std::int64_t, std::string> value;
};

// One offending event, enough to find it in the history.
struct Evidence {
  Micros t = 0;
  std::string actor;
  std::int32_t instance = -1;
  std::uint64_t request_id = 0;
  std::string detail;
};

// The verdict of one check on one history.
struct CheckResult {
  std::string check;
  Verdict verdict = Verdict::kNotApplicable;
  std::string summary;               // one line: why this verdict
  std::vector<Figure> figures;
  std::vector<Evidence> evidence;    // the first offending events, time order
  std::uint64_t evidence_total = 0;  // offending events in all, shown or not
  std::vector<std::string> warnings;
  std::string remedy;                // the runbook step that fixes a failure

  void add_figure(std::string name, std::int64_t v) { figures.push_back({std::move(name), v}); }
  void add_figure(std::string name, std::string v) { figures.push_back({std::move(name), std::move(v)}); }
  // Keeps at most kMaxEvidence items but counts all of them.
  void add_evidence(Evidence e);

  static constexpr std::size_t kMaxEvidence = 10;
};

// The result of comparing one check's verdict with what the scenario expects.
enum class Expectation : std::uint8_t {
  kMet,          // passed or not applicable and not expected to fail, or failed as expected
  kUnexpectedFailure,
  kEscaped,      // expected to fail, but did not
  kInconclusive, // inconclusive and allow_inconclusive is off
};
std::string_view expectation_name(Expectation e);

struct CheckOutcome {
  CheckResult result;
  bool expected_to_fail = false;
  Expectation expectation = Expectation::kMet;
};

// One scenario run: what ran, and every check's verdict against expectation.
struct ScenarioResult {
  std::string scenario;
  std::string file;            // as given on the command line, never made absolute
  std::string scenario_hash;
  std::string service;
  std::uint64_t seed = 0;
  std::vector<std::string> defects;
  std::vector<std::string> expect_failure;
  bool allow_inconclusive = false;
  std::uint64_t history_events = 0;
  Micros duration = 0;
  std::vector<CheckOutcome> checks;
  std::string reproduce;       // the exact command that reproduces this run
  std::string harness_error;   // non-empty: the run itself failed (a harness fault)

  bool met() const;
};

// Compares check results with the scenario's expect_failure list.
std::vector<CheckOutcome> judge_expectations(std::vector<CheckResult> results,
                                             const std::vector<std::string>& expect_failure,
                                             bool allow_inconclusive);

// Every scenario of one invocation.
struct RunReport {
  std::string tool_version;
  std::vector<ScenarioResult> scenarios;
  // Inputs that could not be run (an invalid scenario file, a missing path),
  // each a full error message. The other scenarios still run and report.
  std::vector<std::string> input_errors;

  bool all_met() const;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RESULT_RESULT_H_
