#include "sim/scenario/model.h"

namespace freezedrill {

bool Scenario::has_surface_kind(std::string_view kind) const {
  for (const SurfaceSpec& s : surfaces) {
    if (s.kind == kind) return true;
  }
  return false;
}

}  // namespace freezedrill
