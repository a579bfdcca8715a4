#ifndef FREEZEDRILL_SIM_SCENARIO_BACKGROUND_SURFACES_H_
#define FREEZEDRILL_SIM_SCENARIO_BACKGROUND_SURFACES_H_

#include <nlohmann/json.hpp>

#include "sim/scenario/field.h"
#include "sim/scenario/model.h"

// Readers for the background job surfaces that write straight to storage.
// Each reads its kind's own keys into `spec`, with every default resolved,
// and returns the normalised object (the caller adds kind and name).
namespace freezedrill::loader_detail {

nlohmann::json read_embedding_backfill(const ObjectField& backfill, const DeploymentSpec& deployment,
                                       SurfaceSpec& spec);
nlohmann::json read_cron(const ObjectField& cron, const DeploymentSpec& deployment, SurfaceSpec& spec);
nlohmann::json read_worker(const ObjectField& worker, const DeploymentSpec& deployment, SurfaceSpec& spec);

}  // namespace freezedrill::loader_detail

#endif  // FREEZEDRILL_SIM_SCENARIO_BACKGROUND_SURFACES_H_
