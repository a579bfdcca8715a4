#include <memory>

#include "sim/checks/check.h"
#include "sim/checks/no_write_leak.h"
#include "sim/checks/write_status.h"

namespace freezedrill {
namespace {

CheckRegistry make_builtin_checks() {
  CheckRegistry registry;
  // Registration order is report order.
  registry.add(std::make_unique<NoWriteLeakCheck>());
  registry.add(std::make_unique<WriteStatusCheck>());
  return registry;
}

}  // namespace

const CheckRegistry& builtin_checks() {
  static const CheckRegistry registry = make_builtin_checks();
  return registry;
}

}  // namespace freezedrill
