#include "fakes/surfaces/observer.h"

#include <fmt/format.h>

#include "fakes/deployment/reference_deployment.h"
#include "sim/runtime/distributions.h"

namespace freezedrill {

Observer::Observer(std::string name, Micros poll, SurfaceContext& context)
    : runtime_(context.runtime),
      banner_(context.deployment.banner()),
      name_(std::move(name)),
      poll_(poll),
      duration_(context.scenario.duration) {}

void Observer::start() {
  Prng rng = runtime_.stream(name_);
  poll_at(uniform_int(rng, 0, poll_ - 1));
}

void Observer::poll_at(Micros t) {
  if (t >= duration_) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { poll_once(); });
}

void Observer::poll_once() {
  BannerAnswer answer = banner_.fetch();
  History& history = runtime_.history();
  runtime_.record(ev::BannerObserved{history.intern(name_), answer.version, answer.age,
                                     history.intern(answer.cache_status), history.intern(answer.cache_control)});
  poll_at(runtime_.now() + poll_);
}

std::vector<std::unique_ptr<Surface>> make_observers(const SurfaceSpec& spec, SurfaceContext& context) {
  Micros poll = parse_duration(spec.config.at("poll").get<std::string>()).value_or(10 * kMicrosPerSecond);
  std::vector<std::unique_ptr<Surface>> observers;
  for (int i = 0; i < spec.count; ++i) {
    observers.push_back(std::make_unique<Observer>(fmt::format("{}#{}", spec.name, i), poll, context));
  }
  return observers;
}

}  // namespace freezedrill
