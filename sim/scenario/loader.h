#ifndef FREEZEDRILL_SIM_SCENARIO_LOADER_H_
#define FREEZEDRILL_SIM_SCENARIO_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "sim/catalogue/catalogue.h"
#include "sim/checks/check.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// The registries the validator checks names against.
struct ScenarioContext {
  const CheckRegistry& checks;
  const DefectCatalogue& defects;
};

// Loads and validates a scenario (JSON with comments). Throws InputError
// naming the file, the line and column (syntax errors) or the JSON pointer
// (everything else), the value and the fix.
Scenario load_scenario_file(const std::string& path, const ScenarioContext& context);
Scenario load_scenario_text(std::string_view text, const std::string& source_name,
                            const ScenarioContext& context);

// Switches extra defects on (from --defect) and sets expect_failure to the
// union of the check sets of all the scenario's defects. Throws InputError if
// a name is unknown or a defect needs a surface the scenario lacks.
void add_defects(Scenario& scenario, const std::vector<std::string>& defects, const ScenarioContext& context);

// Validates one fault object against the scenario, as the loader does for
// each entry of `faults`, and returns it normalised. `pointer` places it in
// messages. Throws InputError.
FaultSpec read_fault_json(const nlohmann::json& fault, const Scenario& scenario, const std::string& pointer);

// The .json files of a directory, sorted by name (not recursive).
std::vector<std::string> scenario_files_in(const std::string& directory);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_SCENARIO_LOADER_H_
