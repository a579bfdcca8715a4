#ifndef FREEZEDRILL_SIM_SCENARIO_SECTIONS_H_
#define FREEZEDRILL_SIM_SCENARIO_SECTIONS_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/catalogue/catalogue.h"
#include "sim/checks/check.h"
#include "sim/scenario/field.h"
#include "sim/scenario/model.h"

// Readers for the sections of a scenario. Each validates its section, returns
// the spec with every default resolved, and produces the section's normalised
// JSON: every key present, durations and rates in canonical text.
namespace freezedrill::loader_detail {

// REQUIRES: duration > 0.
WindowSpec read_window(const Field& field, Micros duration, nlohmann::json& normalised);

// `window` sets the default refuse_status (503 in maintenance mode, else 423)
// and which statuses are allowed.
DeploymentSpec read_deployment(const Field& field, const WindowSpec& window, const DefectCatalogue& defects,
                               nlohmann::json& normalised);

// The endpoint catalogue a deployment gets when the scenario names none.
std::vector<EndpointSpec> default_endpoints();

// Each surface's and fault's `config` is its normalised object.
std::vector<SurfaceSpec> read_surfaces(const Field& field, const DeploymentSpec& deployment);

// REQUIRES: scenario.duration, scenario.window and scenario.deployment are read.
std::vector<FaultSpec> read_faults(const Field& field, const Scenario& scenario);
FaultSpec read_fault(const Field& field, const Scenario& scenario);

// Fills scenario.expect and scenario.allow_inconclusive, and returns the
// normalised section, which always contains allow_inconclusive.
nlohmann::json read_expect(const Field& field, const CheckRegistry& checks, Scenario& scenario);

// Unique check names, sorted.
std::vector<std::string> read_expect_failure(const Field& field, const CheckRegistry& checks);

// The names of the registry's checks, in registration order.
std::vector<std::string> check_names(const CheckRegistry& checks);

}  // namespace freezedrill::loader_detail

#endif  // FREEZEDRILL_SIM_SCENARIO_SECTIONS_H_
