#ifndef FREEZEDRILL_SIM_SCENARIO_FAULT_CATALOGUE_H_
#define FREEZEDRILL_SIM_SCENARIO_FAULT_CATALOGUE_H_

#include <string>
#include <string_view>
#include <vector>

namespace freezedrill {

// How a correct deployment meets a fault. A `handled` fault must leave every
// check passing on a correct deployment; a `detected` fault breaks a window
// guarantee, so a scenario with it lists the checks that must fail.
// `--chaos` draws handled faults only.
enum class FaultClass { kHandled, kDetected };

std::string_view fault_class_name(FaultClass c);

// One fault kind of the scenario's `faults` array.
struct FaultKind {
  std::string kind;     // "instance_restart"
  FaultClass fault_class = FaultClass::kHandled;
  std::string fields;   // the keys, as `list faults` prints them
  std::string summary;  // what happens, and what a correct deployment does
};

// Every fault kind, in a fixed order.
const std::vector<FaultKind>& fault_catalogue();
const FaultKind* find_fault_kind(std::string_view kind);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_SCENARIO_FAULT_CATALOGUE_H_
