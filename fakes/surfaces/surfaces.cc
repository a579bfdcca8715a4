#include <algorithm>

#include "fakes/surfaces/client.h"
#include "fakes/surfaces/kv_writer.h"
#include "fakes/surfaces/surface.h"

namespace freezedrill {

const std::vector<SurfaceKind>& surface_kinds() {
  static const std::vector<SurfaceKind> kinds = {
      {"client", "API users sending reads and writes under a retry policy, one idempotency key per write",
       [](const SurfaceSpec& spec, SurfaceContext& context) { return make_clients(spec, context); }},
      {"kv_writer", "background writer inside an instance that puts keys through the service layer",
       make_kv_writers},
  };
  return kinds;
}

const SurfaceKind* find_surface_kind(std::string_view kind) {
  const std::vector<SurfaceKind>& kinds = surface_kinds();
  auto it = std::find_if(kinds.begin(), kinds.end(), [&](const SurfaceKind& k) { return k.kind == kind; });
  return it == kinds.end() ? nullptr : &*it;
}

}  // namespace freezedrill
