#ifndef FREEZEDRILL_SIM_RUNTIME_DISTRIBUTIONS_H_
#define FREEZEDRILL_SIM_RUNTIME_DISTRIBUTIONS_H_

#include <cstdint>

#include "sim/core/time.h"
#include "sim/runtime/prng.h"

namespace freezedrill {

// The project's own distributions. The standard library's are not used
// because their algorithms differ between implementations; these use only
// integer arithmetic and IEEE +, -, *, / so results are bit-identical on any
// IEEE 754 machine (built with -ffp-contract=off).

// Uniform double in [0, 1) with 53 random bits.
double uniform01(Prng& rng);

// Uniform integer in [lo, hi], inclusive, without modulo bias.
std::int64_t uniform_int(Prng& rng, std::int64_t lo, std::int64_t hi);

// True with probability p (p outside [0, 1] is clamped).
bool bernoulli(Prng& rng, double p);

// Exponential inter-arrival time with the given mean, rounded to whole
// microseconds and at least 1. Used for Poisson arrivals.
Micros exponential_micros(Prng& rng, Micros mean);

// Natural logarithm of x > 0 from basic arithmetic only (see above).
// Relative error below 1e-15 over the doubles in (0, 1e300).
double deterministic_log(double x);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNTIME_DISTRIBUTIONS_H_
