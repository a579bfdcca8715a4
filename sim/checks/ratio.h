#ifndef FREEZEDRILL_SIM_CHECKS_RATIO_H_
#define FREEZEDRILL_SIM_CHECKS_RATIO_H_

#include <cstdint>
#include <string>

namespace freezedrill {

// Exact arithmetic for the bounds of the checks. Options given as numbers
// are read once into integer thousandths, every comparison then
// cross-multiplies integers, and ratios reach reports as fixed-precision
// text, so no floating-point value decides a verdict or appears in a result.

// 128-bit intermediates: a count times a span in microseconds times a
// thousandths factor can pass 2^63.
__extension__ typedef __int128 Wide;

// Rounds a non-negative option to thousandths (0.1 -> 100, 2.5 -> 2500),
// half away from zero. Values above 10^15 are clamped to it, which keeps
// products with counts and microsecond spans inside Wide.
std::int64_t to_thousandths(double value);

// numerator / denominator with three decimals, rounded half up: "2.150".
// REQUIRES: numerator >= 0 and denominator > 0.
std::string ratio_text(Wide numerator, Wide denominator);

// The value, or INT64_MAX when it is larger. Used where a bound is reported
// as a figure and only an absurd option could push it past int64.
std::int64_t clamp_to_int64(Wide value);

// A count of thousandths as a decimal with three places: 100 -> "0.100".
std::string thousandths_text(std::int64_t thousandths);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_RATIO_H_
