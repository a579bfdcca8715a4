#ifndef FREEZEDRILL_SIM_RUNNER_RUNNER_H_
#define FREEZEDRILL_SIM_RUNNER_RUNNER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/checks/check.h"
#include "sim/history/history.h"
#include "sim/result/result.h"
#include "sim/scenario/model.h"

namespace freezedrill {

inline constexpr const char* kToolVersion = "0.1.0";

// One simulated run: the history it recorded and the judged result.
struct RunOutput {
  History history;
  ScenarioResult result;
};

// The header of a run's history: everything `freezedrill check` needs.
HistoryHeader make_header(const Scenario& scenario, std::uint64_t seed, const CheckRegistry& checks);

// The command line that reproduces a run of `scenario` with this seed, these
// extra defects (switched on with --defect) and, with `chaos`, --chaos.
std::string reproduce_command(const Scenario& scenario, std::uint64_t seed,
                              const std::vector<std::string>& extra_defects, bool chaos = false);

// Builds the world (reference deployment, surfaces, operator, faults) on a
// SimRuntime, runs it to the scenario's duration, then runs every check and
// judges the scenario's expectations. With `chaos`, handled faults drawn
// from the seed are added first (draw_chaos_faults). Deterministic in
// (scenario, seed, chaos). The run's files (the intent queue) go in
// `run_dir`, which is kept; with an empty path they go in a temporary
// directory removed after the run.
RunOutput run_scenario(const Scenario& scenario, std::uint64_t seed, const CheckRegistry& checks,
                       const std::vector<std::string>& extra_defects, bool chaos = false,
                       const std::string& run_dir = "");

// Runs every check on a recorded history and judges it against the
// expectations in its header (the `check` command).
ScenarioResult check_history(const History& history, const CheckRegistry& checks, const std::string& file);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNNER_RUNNER_H_
