#ifndef FREEZEDRILL_SIM_RUNTIME_PRNG_H_
#define FREEZEDRILL_SIM_RUNTIME_PRNG_H_

#include <cstdint>
#include <string_view>

namespace freezedrill {

// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. The output
// sequence is part of the determinism contract: the same (seed, actor name)
// gives the same stream on every machine and build.
class Prng {
 public:
  explicit Prng(std::uint64_t seed);

  // A stream for one actor, independent of the others: adding an actor does
  // not change what any existing actor draws.
  static Prng for_actor(std::uint64_t seed, std::string_view actor_name);

  std::uint64_t next();

 private:
  std::uint64_t s_[4];
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNTIME_PRNG_H_
