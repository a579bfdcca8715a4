#ifndef FREEZEDRILL_SIM_RUNNER_CHAOS_H_
#define FREEZEDRILL_SIM_RUNNER_CHAOS_H_

#include <cstdint>
#include <vector>

#include "sim/checks/check.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// The PRNG stream --chaos draws from: derived from the seed like an actor's,
// so drawing faults does not change what any actor of the run draws.
inline constexpr const char* kChaosStream = "chaos-draw";

// Draws `handled` faults (fault_catalogue()) that apply to the scenario,
// each kind with probability 1/2 (one at random when the coins pick none), with parameters a correct
// deployment must pass with: a restart ends inside the window, a latency
// spike is too short to move the read p99, a clock skew stays within
// skew_tolerance, and so on. Deterministic in (scenario, seed). `checks`
// resolves the options the bounds depend on.
std::vector<FaultSpec> draw_chaos_faults(const Scenario& scenario, std::uint64_t seed, const CheckRegistry& checks);

// Appends draw_chaos_faults() to the scenario's faults and to its normalised
// "faults", which the history header carries. The hash stays the file's.
void add_chaos_faults(Scenario& scenario, std::uint64_t seed, const CheckRegistry& checks);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNNER_CHAOS_H_
