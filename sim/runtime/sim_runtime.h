#ifndef FREEZEDRILL_SIM_RUNTIME_SIM_RUNTIME_H_
#define FREEZEDRILL_SIM_RUNTIME_SIM_RUNTIME_H_

#include <cstdint>
#include <vector>

#include "sim/runtime/runtime.h"

namespace freezedrill {

// Discrete-event loop over virtual time. Timers fire only when the loop
// advances; ties break by lane, then by insertion order. Never reads the
// wall clock. Not thread-safe: one loop per thread.
class SimRuntime final : public Runtime {
 public:
  SimRuntime(std::uint64_t seed, std::int64_t epoch_unix, History& history);

  Micros now() const override { return now_; }
  void schedule_at(Micros t, Lane lane, Callback fn) override;
  Prng stream(std::string_view actor_name) const override;
  std::uint64_t seed() const override { return seed_; }
  std::int64_t epoch_unix() const override { return epoch_unix_; }
  History& history() override { return history_; }

  // Runs events with time < until (or all, if none remain), then sets now()
  // to until. Returns the number of events run.
  std::uint64_t run_until(Micros until);

  // Runs every pending event. Returns the number run.
  std::uint64_t run_all();

  std::size_t pending() const { return heap_.size(); }

 private:
  struct Entry {
    Micros t;
    std::uint64_t order;  // lane in the top bit, then insertion sequence
    std::uint32_t slot;
  };
  static bool later(const Entry& a, const Entry& b) {
    return a.t != b.t ? a.t > b.t : a.order > b.order;
  }
  bool run_one();

  std::uint64_t seed_;
  std::int64_t epoch_unix_;
  History& history_;
  Micros now_ = 0;
  std::uint64_t sequence_ = 0;
  std::vector<Entry> heap_;
  std::vector<Callback> callbacks_;
  std::vector<std::uint32_t> free_slots_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNTIME_SIM_RUNTIME_H_
