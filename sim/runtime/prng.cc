#include "sim/runtime/prng.h"

#include "sim/core/hash.h"

namespace freezedrill {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  x += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = x;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Prng::Prng(std::uint64_t seed) {
  std::uint64_t x = seed;
  for (auto& word : s_) word = splitmix64(x);
}

Prng Prng::for_actor(std::uint64_t seed, std::string_view actor_name) {
  // Mix the seed through SplitMix64 before combining so that nearby seeds
  // and similar names do not give correlated streams.
  std::uint64_t x = seed;
  std::uint64_t mixed_seed = splitmix64(x);
  return Prng(mixed_seed ^ fnv1a64(actor_name));
}

std::uint64_t Prng::next() {
  std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

}  // namespace freezedrill
