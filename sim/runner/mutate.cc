#include "sim/runner/mutate.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "sim/runner/runner.h"
#include "sim/scenario/loader.h"

namespace freezedrill {

std::string_view mutation_result_name(MutationResult result) {
  switch (result) {
    case MutationResult::kCaught: return "caught";
    case MutationResult::kPartlyCaught: return "partly_caught";
    case MutationResult::kCaughtByOther: return "caught_by_other";
    case MutationResult::kEscaped: return "escaped";
    case MutationResult::kNotApplicable: return "not_applicable";
    case MutationResult::kAlreadyOn: return "already_on";
    case MutationResult::kHarnessError: return "harness_error";
  }
  return "unknown";
}

int MutationReport::count(MutationResult result) const {
  return static_cast<int>(std::count_if(defects.begin(), defects.end(),
                                        [result](const DefectMutation& d) { return d.result == result; }));
}

int MutationReport::applicable() const {
  return static_cast<int>(defects.size()) - count(MutationResult::kNotApplicable) -
         count(MutationResult::kAlreadyOn);
}

bool MutationReport::any_gap() const {
  return count(MutationResult::kEscaped) > 0 || count(MutationResult::kPartlyCaught) > 0 ||
         count(MutationResult::kHarnessError) > 0;
}

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::vector<std::string> failed_checks(const ScenarioResult& result) {
  std::vector<std::string> failed;
  for (const CheckOutcome& outcome : result.checks) {
    if (outcome.result.verdict == Verdict::kFail) failed.push_back(outcome.result.check);
  }
  std::sort(failed.begin(), failed.end());
  return failed;
}

// "passed" and "failed" read as a sentence; the other verdicts keep their
// report names so they can be searched for.
std::string_view verdict_word(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass: return "passed";
    case Verdict::kFail: return "failed";
    default: return verdict_name(verdict);
  }
}

// Why one expected check did not show the defect, from its verdict.
std::string miss_reason(const std::string& check, const ScenarioResult& result,
                        const std::vector<std::string>& failing_without) {
  if (contains(failing_without, check)) return fmt::format("{} already fails without the defect", check);
  for (const CheckOutcome& outcome : result.checks) {
    if (outcome.result.check != check) continue;
    if (outcome.result.summary.empty()) return fmt::format("{} {}", check, verdict_word(outcome.result.verdict));
    return fmt::format("{} {}: {}", check, verdict_word(outcome.result.verdict), outcome.result.summary);
  }
  return fmt::format("{} did not run on this scenario", check);
}

DefectMutation skipped(const DefectEntry& entry, MutationResult result, std::string reason) {
  return DefectMutation{entry.name, entry.failure_class, result, entry.checks, {}, std::move(reason)};
}

// Checks that fail with the defect on and did not fail without it.
std::vector<std::string> new_failures(const ScenarioResult& result, const std::vector<std::string>& failing_without) {
  std::vector<std::string> new_failed;
  for (const std::string& check : failed_checks(result)) {
    if (!contains(failing_without, check)) new_failed.push_back(check);
  }
  return new_failed;
}

void classify(DefectMutation& mutation, const ScenarioResult& result, const std::vector<std::string>& failing_without) {
  std::vector<std::string> caught;
  std::vector<std::string> missed;
  std::vector<std::string> others;
  for (const std::string& check : mutation.expected_checks) {
    (contains(mutation.failed_checks, check) ? caught : missed).push_back(check);
  }
  for (const std::string& check : mutation.failed_checks) {
    if (!contains(mutation.expected_checks, check)) others.push_back(check);
  }

  std::vector<std::string> parts;
  if (!caught.empty()) parts.push_back("failed: " + join(caught));
  for (const std::string& check : missed) parts.push_back(miss_reason(check, result, failing_without));
  if (!others.empty()) parts.push_back((caught.empty() ? "failed instead: " : "also failed: ") + join(others));

  if (missed.empty()) {
    mutation.result = MutationResult::kCaught;
  } else if (!caught.empty()) {
    mutation.result = MutationResult::kPartlyCaught;
  } else {
    mutation.result = others.empty() ? MutationResult::kEscaped : MutationResult::kCaughtByOther;
  }
  mutation.reason.clear();
  for (const std::string& part : parts) mutation.reason += (mutation.reason.empty() ? "" : "; ") + part;
}

DefectMutation run_mutation(const Scenario& scenario, std::uint64_t seed, const DefectEntry& entry,
                            const CheckRegistry& checks, const DefectCatalogue& catalogue,
                            const std::vector<std::string>& failing_without) {
  Scenario mutated = scenario;
  add_defects(mutated, {entry.name}, ScenarioContext{checks, catalogue});
  RunOutput out = run_scenario(mutated, seed, checks, {entry.name});
  if (!out.result.harness_error.empty()) {
    return skipped(entry, MutationResult::kHarnessError, "the run failed: " + out.result.harness_error);
  }

  DefectMutation mutation{entry.name, entry.failure_class, MutationResult::kEscaped, entry.checks,
                          new_failures(out.result, failing_without), ""};
  classify(mutation, out.result, failing_without);
  return mutation;
}

}  // namespace

MutationReport mutate_scenario(const Scenario& scenario, std::uint64_t seed, const CheckRegistry& checks,
                               const DefectCatalogue& catalogue, const MutationProgress& progress) {
  MutationReport report;
  report.scenario = scenario.name;
  report.file = scenario.source;
  report.seed = seed;

  // The unmutated run first, so a check that fails anyway is not taken for a catch.
  RunOutput clean = run_scenario(scenario, seed, checks, {});
  report.failing_without_defects = failed_checks(clean.result);

  const std::vector<DefectEntry>& entries = catalogue.all();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DefectEntry& entry = entries[i];
    std::string missing;
    for (const std::string& kind : entry.surfaces) {
      if (missing.empty() && !scenario.has_surface_kind(kind)) missing = kind;
    }
    if (!missing.empty()) {
      report.defects.push_back(
          skipped(entry, MutationResult::kNotApplicable, fmt::format("not applicable: no {} surface", missing)));
      continue;
    }
    if (contains(scenario.deployment.defects, entry.name)) {
      report.defects.push_back(skipped(entry, MutationResult::kAlreadyOn, "already on in the scenario"));
      continue;
    }

    if (progress) progress(i + 1, entries.size(), entry.name);
    report.defects.push_back(run_mutation(scenario, seed, entry, checks, catalogue, report.failing_without_defects));
  }
  return report;
}

}  // namespace freezedrill
