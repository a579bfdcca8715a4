#ifndef FREEZEDRILL_SIM_CHECKS_NO_WRITE_LEAK_H_
#define FREEZEDRILL_SIM_CHECKS_NO_WRITE_LEAK_H_

#include "sim/checks/check.h"

namespace freezedrill {

// no_write_leak: fails on any mutation of a protected sink applied in
// [S + fence_grace, E), E being the final end after extensions, whenever its
// request or unit of work was admitted. A mutation at exactly S + fence_grace
// leaks and one at E does not. intent_queue and audit sinks never leak.
// Always applicable: a history without mutations passes.
class NoWriteLeakCheck : public Check {
 public:
  std::string_view name() const override { return "no_write_leak"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override;
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_NO_WRITE_LEAK_H_
