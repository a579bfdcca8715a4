#ifndef FREEZEDRILL_SIM_RUNTIME_RUNTIME_H_
#define FREEZEDRILL_SIM_RUNTIME_RUNTIME_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "sim/core/time.h"
#include "sim/history/history.h"
#include "sim/runtime/prng.h"

namespace freezedrill {

// The one interface actors use for time, timers, randomness and recording.
// Sim mode implements it with a single-threaded discrete-event loop over
// virtual time; live mode with Boost.Asio. Actors (clients, workers, the
// reference deployment) are written once against it.
class Runtime {
 public:
  // Events at the same instant run lane by lane, so control events (flag
  // store writes, phase changes) run before actor events. Within a lane they
  // run in the order they were scheduled.
  enum class Lane : std::uint8_t { kControl = 0, kActor = 1 };

  using Callback = std::function<void()>;

  virtual ~Runtime() = default;

  virtual Micros now() const = 0;

  // REQUIRES: t >= now().
  virtual void schedule_at(Micros t, Lane lane, Callback fn) = 0;

  void schedule_after(Micros delay, Callback fn) { schedule_at(now() + delay, Lane::kActor, std::move(fn)); }

  // The PRNG stream of one actor, derived from (seed, actor name).
  virtual Prng stream(std::string_view actor_name) const = 0;

  virtual std::uint64_t seed() const = 0;

  // Calendar time of t = 0 in Unix seconds (the scenario's epoch in sim mode).
  virtual std::int64_t epoch_unix() const = 0;

  // The history every actor records into.
  virtual History& history() = 0;

  // Records an event at now().
  template <typename Body>
  void record(Body body) {
    history().append(now(), std::move(body));
  }
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNTIME_RUNTIME_H_
