#ifndef FREEZEDRILL_SIM_RUNNER_MUTATE_H_
#define FREEZEDRILL_SIM_RUNNER_MUTATE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/catalogue/catalogue.h"
#include "sim/checks/check.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// Scenario power: how a scenario's checks fare against each catalogue defect
// switched on in turn. A check shows a defect when it fails with the defect on
// and did not fail in the scenario's own run without it, so failures the
// scenario already has (its own defects, detected faults) never count as a
// catch.

enum class MutationResult : std::uint8_t {
  kCaught,          // every check of the defect's set shows it
  kPartlyCaught,    // some, not all, of the set show it
  kCaughtByOther,   // none of the set shows it, but other checks do
  kEscaped,         // no check shows it
  kNotApplicable,   // the scenario lacks a surface kind the defect needs, so it is not run
  kAlreadyOn,       // the scenario switches the defect on itself, so it is not run
  kHarnessError,    // the mutated run itself failed
};

// "caught", "partly_caught", "caught_by_other", "escaped", "not_applicable",
// "already_on", "harness_error": the names the JSON output uses.
std::string_view mutation_result_name(MutationResult result);

// The outcome for one catalogue defect.
struct DefectMutation {
  std::string defect;
  std::string failure_class;
  MutationResult result = MutationResult::kEscaped;
  std::vector<std::string> expected_checks;  // the catalogue's set, sorted
  std::vector<std::string> failed_checks;    // checks that show the defect, sorted
  std::string reason;                        // one line: why this result
};

// Every defect's outcome on one scenario and seed, in catalogue order.
struct MutationReport {
  std::string scenario;
  std::string file;
  std::uint64_t seed = 0;
  // Checks that fail in the run without any added defect.
  std::vector<std::string> failing_without_defects;
  std::vector<DefectMutation> defects;

  int count(MutationResult result) const;
  // Applicable defects were run: every result but not_applicable and already_on.
  int applicable() const;
  // True when an applicable defect escaped, was partly caught, or its run failed.
  bool any_gap() const;
};

// Called before each defect's run with its position (from 1), the total and
// its name, for progress output.
using MutationProgress = std::function<void(std::size_t index, std::size_t total, const std::string& defect)>;

// Runs `scenario` once as written, then once per applicable catalogue defect
// with that defect added (a copy of the scenario each time), all with `seed`,
// and classifies each defect. Throws InputError only where add_defects does.
MutationReport mutate_scenario(const Scenario& scenario, std::uint64_t seed, const CheckRegistry& checks,
                               const DefectCatalogue& catalogue, const MutationProgress& progress = {});

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNNER_MUTATE_H_
