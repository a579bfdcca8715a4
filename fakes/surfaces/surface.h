#ifndef FREEZEDRILL_FAKES_SURFACES_SURFACE_H_
#define FREEZEDRILL_FAKES_SURFACES_SURFACE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/transport/transport.h"
#include "sim/history/header.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

class ReferenceDeployment;

// A write surface: one actor (or a group of actors) that generates traffic or
// background work. Surfaces reach the world only through the Runtime, the
// Transport and, for writers that run inside an instance, the deployment's
// service layer.
class Surface {
 public:
  virtual ~Surface() = default;
  virtual std::string_view name() const = 0;
  // Schedules the surface's first events. Called once, at t = 0.
  virtual void start() = 0;
  // Runs one unit of the surface's work now, outside its schedule, as a
  // manual trigger does (the cron_at_start fault). Returns false for a
  // surface that has no such trigger.
  virtual bool trigger() { return false; }
};

struct SurfaceContext {
  Runtime& runtime;
  Transport& transport;
  ReferenceDeployment& deployment;
  const Scenario& scenario;
};

using SurfaceFactory =
    std::function<std::vector<std::unique_ptr<Surface>>(const SurfaceSpec& spec, SurfaceContext& context)>;

struct SurfaceKind {
  std::string kind;     // "client"
  std::string summary;  // one line for `list surfaces`
  SurfaceFactory make;
};

// The base of the request and operation ids of the surface named `name`: its
// position in scenario.surfaces plus 1, in bits 63 to 52. 0 when no surface
// has that name.
std::uint64_t surface_id_base(const Scenario& scenario, std::string_view name);

// Every built-in surface kind, in a fixed order.
const std::vector<SurfaceKind>& surface_kinds();
const SurfaceKind* find_surface_kind(std::string_view kind);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_SURFACE_H_
