#ifndef FREEZEDRILL_SIM_CORE_HASH_H_
#define FREEZEDRILL_SIM_CORE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace freezedrill {

inline constexpr std::uint64_t kFnv1aOffset = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnv1aPrime = 0x100000001b3ULL;

// 64-bit FNV-1a. Used for PRNG stream derivation, scenario hashes and the
// read-drift embedding, so its output is part of the history format.
constexpr std::uint64_t fnv1a64(std::string_view data, std::uint64_t h = kFnv1aOffset) {
  for (unsigned char c : data) {
    h ^= c;
    h *= kFnv1aPrime;
  }
  return h;
}

// Sixteen lower-case hex digits.
std::string hex64(std::uint64_t v);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CORE_HASH_H_
