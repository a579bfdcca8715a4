#ifndef FREEZEDRILL_SIM_SCENARIO_LONG_RUNNING_SURFACES_H_
#define FREEZEDRILL_SIM_SCENARIO_LONG_RUNNING_SURFACES_H_

#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/field.h"
#include "sim/scenario/model.h"

// Readers for the surfaces that run across the window: an agent's tool calls,
// a feed consumer, and the checkpointed jobs (compaction, migration), and for
// a probe's masking rules. Each surface reader reads its kind's own keys into
// `spec`, with every default resolved, and returns the normalised object (the
// caller adds kind and name).
namespace freezedrill::loader_detail {

nlohmann::json read_tool_call(const ObjectField& tool_call, const DeploymentSpec& deployment, SurfaceSpec& spec);
nlohmann::json read_ingestion(const ObjectField& ingestion, const DeploymentSpec& deployment, SurfaceSpec& spec);
// compaction and migration share their keys.
nlohmann::json read_stepped_job(const ObjectField& job, const DeploymentSpec& deployment, SurfaceSpec& spec);

// A probe's `masks`: fills `masks` and returns the normalised array.
nlohmann::json read_masks(const ObjectField& probe, std::vector<MaskRule>& masks);

}  // namespace freezedrill::loader_detail

#endif  // FREEZEDRILL_SIM_SCENARIO_LONG_RUNNING_SURFACES_H_
