#include "sim/runtime/distributions.h"

#include <limits>

namespace freezedrill {

double uniform01(Prng& rng) {
  // 2^-53 is exact in binary, so this is a plain scaling.
  return static_cast<double>(rng.next() >> 11) * (1.0 / 9007199254740992.0);
}

std::int64_t uniform_int(Prng& rng, std::int64_t lo, std::int64_t hi) {
  if (hi <= lo) return lo;
  std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
  if (span == 0) return static_cast<std::int64_t>(rng.next());  // the full 64-bit range

  // Rejection sampling: drop draws from the incomplete top bucket.
  std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % span;
  std::uint64_t draw = rng.next();
  while (draw >= limit) draw = rng.next();
  return lo + static_cast<std::int64_t>(draw % span);
}

bool bernoulli(Prng& rng, double p) {
  if (p <= 0.0) return false;
  if (p >= 1.0) return true;
  return uniform01(rng) < p;
}

double deterministic_log(double x) {
  if (!(x > 0.0)) return -std::numeric_limits<double>::infinity();

  // Reduce x = m * 2^k with m in [sqrt(1/2), sqrt(2)), by exact scaling.
  int k = 0;
  double m = x;
  while (m >= 1.4142135623730951) {
    m *= 0.5;
    ++k;
  }
  while (m < 0.7071067811865476) {
    m *= 2.0;
    --k;
  }

  // ln(m) = 2 * atanh(s) with s = (m - 1) / (m + 1), |s| < 0.1716;
  // 2 * sum s^(2i+1) / (2i+1); 22 terms bring the tail below 1e-34.
  double s = (m - 1.0) / (m + 1.0);
  double s2 = s * s;
  double term = s;
  double sum = 0.0;
  for (int i = 0; i < 22; ++i) {
    sum += term / static_cast<double>(2 * i + 1);
    term *= s2;
  }
  constexpr double kLn2 = 0.6931471805599453;
  return 2.0 * sum + static_cast<double>(k) * kLn2;
}

Micros exponential_micros(Prng& rng, Micros mean) {
  // 1 - u lies in (0, 1], so the log is finite.
  double u = uniform01(rng);
  double gap = -deterministic_log(1.0 - u) * static_cast<double>(mean);
  if (gap < 1.0) return 1;
  if (gap > 9.0e15) return static_cast<Micros>(9.0e15);
  return static_cast<Micros>(gap);
}

}  // namespace freezedrill
