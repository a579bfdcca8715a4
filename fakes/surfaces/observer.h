#ifndef FREEZEDRILL_FAKES_SURFACES_OBSERVER_H_
#define FREEZEDRILL_FAKES_SURFACES_OBSERVER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/surfaces/surface.h"

namespace freezedrill {

class BannerPipeline;

// A banner observer: an open browser tab that polls the maintenance banner
// through the shared cache every `poll`, from a random phase in [0, poll)
// drawn from its own stream, until the end of the run. Each poll is recorded
// as banner_observed with the version, the Age, the cache status and the
// Cache-Control the cache sent. A surface with `count` N makes N observers
// named "<surface>#<i>".
class Observer final : public Surface {
 public:
  Observer(std::string name, Micros poll, SurfaceContext& context);

  std::string_view name() const override { return name_; }
  void start() override;

 private:
  void poll_at(Micros t);
  void poll_once();

  Runtime& runtime_;
  BannerPipeline& banner_;
  std::string name_;
  Micros poll_;
  Micros duration_;
};

std::vector<std::unique_ptr<Surface>> make_observers(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_OBSERVER_H_
