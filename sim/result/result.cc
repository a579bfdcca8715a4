#include "sim/result/result.h"

#include <algorithm>

namespace freezedrill {
namespace {

int severity(Verdict v) {
  switch (v) {
    case Verdict::kFail: return 3;
    case Verdict::kInconclusive: return 2;
    case Verdict::kPass: return 1;
    case Verdict::kNotApplicable: return 0;
  }
  return 0;
}

}  // namespace

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "pass";
    case Verdict::kFail: return "fail";
    case Verdict::kNotApplicable: return "not_applicable";
    case Verdict::kInconclusive: return "inconclusive";
  }
  return "unknown";
}

Verdict worst(Verdict a, Verdict b) { return severity(a) >= severity(b) ? a : b; }

void CheckResult::add_evidence(Evidence e) {
  ++evidence_total;
  if (evidence.size() < kMaxEvidence) evidence.push_back(std::move(e));
}

std::string_view expectation_name(Expectation e) {
  switch (e) {
    case Expectation::kMet: return "met";
    case Expectation::kUnexpectedFailure: return "unexpected_failure";
    case Expectation::kEscaped: return "escaped";
    case Expectation::kInconclusive: return "inconclusive";
  }
  return "unknown";
}

bool ScenarioResult::met() const {
  if (!harness_error.empty()) return false;
  return std::all_of(checks.begin(), checks.end(),
                     [](const CheckOutcome& c) { return c.expectation == Expectation::kMet; });
}

std::vector<CheckOutcome> judge_expectations(std::vector<CheckResult> results,
                                             const std::vector<std::string>& expect_failure,
                                             bool allow_inconclusive) {
  std::vector<CheckOutcome> outcomes;
  outcomes.reserve(results.size());
  for (CheckResult& r : results) {
    CheckOutcome o;
    o.expected_to_fail = std::find(expect_failure.begin(), expect_failure.end(), r.check) != expect_failure.end();
    switch (r.verdict) {
      case Verdict::kFail:
        o.expectation = o.expected_to_fail ? Expectation::kMet : Expectation::kUnexpectedFailure;
        break;
      case Verdict::kInconclusive:
        // An expected failure that came out inconclusive was not caught.
        if (o.expected_to_fail) o.expectation = Expectation::kEscaped;
        else o.expectation = allow_inconclusive ? Expectation::kMet : Expectation::kInconclusive;
        break;
      case Verdict::kPass:
      case Verdict::kNotApplicable:
        // not_applicable never counts as a catch.
        o.expectation = o.expected_to_fail ? Expectation::kEscaped : Expectation::kMet;
        break;
    }
    o.result = std::move(r);
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

bool RunReport::all_met() const {
  return std::all_of(scenarios.begin(), scenarios.end(), [](const ScenarioResult& s) { return s.met(); });
}

}  // namespace freezedrill
