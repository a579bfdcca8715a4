#include "sim/runtime/sim_runtime.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace freezedrill {

SimRuntime::SimRuntime(std::uint64_t seed, std::int64_t epoch_unix, History& history)
    : seed_(seed), epoch_unix_(epoch_unix), history_(history) {}

void SimRuntime::schedule_at(Micros t, Lane lane, Callback fn) {
  if (t < now_) throw std::logic_error("SimRuntime::schedule_at: time in the past");

  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
    callbacks_[slot] = std::move(fn);
  } else {
    slot = static_cast<std::uint32_t>(callbacks_.size());
    callbacks_.push_back(std::move(fn));
  }

  std::uint64_t order = (static_cast<std::uint64_t>(lane) << 63) | sequence_++;
  heap_.push_back(Entry{t, order, slot});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

Prng SimRuntime::stream(std::string_view actor_name) const { return Prng::for_actor(seed_, actor_name); }

bool SimRuntime::run_one() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Entry e = heap_.back();
  heap_.pop_back();
  now_ = e.t;

  // Move the callback out first: it may schedule more events and grow the
  // callback table, which would invalidate a reference into it.
  Callback fn = std::move(callbacks_[e.slot]);
  callbacks_[e.slot] = nullptr;
  free_slots_.push_back(e.slot);
  fn();
  return true;
}

std::uint64_t SimRuntime::run_until(Micros until) {
  std::uint64_t count = 0;
  while (!heap_.empty() && heap_.front().t < until) {
    run_one();
    ++count;
  }
  if (until > now_) now_ = until;
  return count;
}

std::uint64_t SimRuntime::run_all() {
  std::uint64_t count = 0;
  while (!heap_.empty()) {
    run_one();
    ++count;
  }
  return count;
}

}  // namespace freezedrill
