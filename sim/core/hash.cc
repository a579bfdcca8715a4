#include "sim/core/hash.h"

#include <fmt/format.h>

namespace freezedrill {

std::string hex64(std::uint64_t v) { return fmt::format("{:016x}", v); }

}  // namespace freezedrill
