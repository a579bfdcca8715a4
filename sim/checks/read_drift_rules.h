#ifndef FREEZEDRILL_SIM_CHECKS_READ_DRIFT_RULES_H_
#define FREEZEDRILL_SIM_CHECKS_READ_DRIFT_RULES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/checks/check.h"
#include "sim/checks/ratio.h"

namespace freezedrill {

// The rules of read_drift, apart from the check that combines them. Every
// Delta S is rounded to millionths before any rule compares it, so the flatness,
// lambda and zone rules compare integers and a value exactly at a threshold
// is decided as the rule states. Internal to sim/checks.

inline constexpr std::int64_t kMillionths = 1000000;

// Rounds a non-negative value to millionths, half up (0.05 -> 50000).
// Negative values and NaN read as 0, and values above 10^9 are clamped to it.
std::int64_t to_millionths(double value);

// A count of millionths with six decimals and its sign: 31200 -> "0.031200".
std::string millionths_text(std::int64_t millionths);

struct ReadDriftOptions {
  std::int64_t max_rise = 0;       // millionths of Delta S above the noise floor
  std::int64_t max_slope = 0;      // millionths of Delta S per batch
  std::int64_t max_divergent = 0;  // divergent steps in a row that fail, at least 1
  Micros batch = 0;                // at least 1 microsecond
};

ReadDriftOptions read_read_drift_options(const CheckOptions& options);

// True when a window sample rises more than max_rise above its probe's
// noise floor: delta_s - noise_floor > max_rise. A rise of exactly max_rise passes.
bool rise_exceeds(std::int64_t delta_s, std::int64_t noise_floor, std::int64_t max_rise);

// The resonance R_t: the mean of the last min(t, 5) window samples up to
// and including t, kept as an exact fraction sum / count.
struct Resonance {
  std::int64_t sum = 0;
  std::int64_t count = 1;
};

inline constexpr std::size_t kResonanceSpan = 5;

// R at index `at` (0-based) of a probe's window samples. REQUIRES: at < samples.size().
Resonance resonance_at(const std::vector<std::int64_t>& samples, std::size_t at);

enum class Lambda { kConvergent, kRecursive, kDivergent, kChaotic };
std::string_view lambda_name(Lambda lambda);

inline constexpr std::int64_t kChaoticDelta = 40000;  // Delta > +0.04 is chaotic
inline constexpr std::int64_t kStepDelta = 20000;     // the 0.02 of the other three classes

// Classifies one step, decided in this order: chaotic if delta > +0.04;
// convergent if delta <= -0.02 and R_t <= R_(t-1); recursive if
// |delta| < 0.02 and |R_t - R_(t-1)| < 0.02; otherwise divergent. delta is
// Delta S_t - Delta S_(t-1) in millionths. The resonances are compared by
// cross-multiplying, so no mean is rounded.
Lambda classify_lambda(std::int64_t delta, const Resonance& current, const Resonance& previous);

// One batch of the window: samples whose time falls in
// [S + index * batch, S + (index + 1) * batch), over all probes.
struct BatchMean {
  std::int64_t index = 0;
  std::int64_t mean = 0;  // the mean Delta S of the batch in millionths, rounded half up
};

// The mean of `count` samples summing to `sum` millionths, rounded half up.
// REQUIRES: sum >= 0 and count > 0.
std::int64_t mean_millionths(std::int64_t sum, std::int64_t count);

// The least-squares slope of the batch means against the batch index, as an
// exact fraction in millionths per batch. The denominator is 0 when fewer
// than two distinct batches have samples, which leaves the slope undefined.
struct Slope {
  Wide numerator = 0;
  Wide denominator = 0;

  bool defined() const { return denominator > 0; }
};

Slope least_squares_slope(const std::vector<BatchMean>& batches);

// True when a defined slope is above max_slope. A slope exactly at it passes.
bool slope_exceeds(const Slope& slope, std::int64_t max_slope);

// The slope rounded half away from zero to millionths. REQUIRES: defined.
std::int64_t slope_millionths(const Slope& slope);

// Zones of Delta S, reported and not judged: stable below 0.40, transitional
// from 0.40, risk from 0.60, danger from 0.85.
enum class Zone { kStable, kTransitional, kRisk, kDanger };
std::string_view zone_name(Zone zone);
Zone zone_of(std::int64_t delta_s);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_READ_DRIFT_RULES_H_
