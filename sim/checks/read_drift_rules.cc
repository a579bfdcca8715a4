#include "sim/checks/read_drift_rules.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace freezedrill {
namespace {

constexpr double kMaxValue = 1e9;

bool resonance_not_above(const Resonance& current, const Resonance& previous) {
  return current.sum * previous.count <= previous.sum * current.count;
}

// |R_t - R_(t-1)| < bound, with both means cross-multiplied by their counts.
bool resonance_within(const Resonance& current, const Resonance& previous, std::int64_t bound) {
  Wide difference = static_cast<Wide>(current.sum) * previous.count - static_cast<Wide>(previous.sum) * current.count;
  if (difference < 0) difference = -difference;
  return difference < static_cast<Wide>(bound) * current.count * previous.count;
}

}  // namespace

std::int64_t to_millionths(double value) {
  if (!(value > 0.0)) return 0;
  if (value > kMaxValue) value = kMaxValue;
  return static_cast<std::int64_t>(std::floor(value * 1e6 + 0.5));
}

std::string millionths_text(std::int64_t millionths) {
  const char* sign = millionths < 0 ? "-" : "";
  std::int64_t magnitude = millionths < 0 ? -millionths : millionths;
  return fmt::format("{}{}.{:06d}", sign, magnitude / kMillionths, magnitude % kMillionths);
}

ReadDriftOptions read_read_drift_options(const CheckOptions& options) {
  ReadDriftOptions o;
  o.max_rise = to_millionths(options.number("max_rise"));
  o.max_slope = to_millionths(options.number("max_slope"));
  // A run of zero divergent steps cannot fail anything, so 0 reads as 1.
  o.max_divergent = std::max<std::int64_t>(options.integer("max_divergent"), 1);
  // A zero batch would put every sample in a batch of its own instant, so
  // the shortest batch is 1 microsecond.
  o.batch = std::max<Micros>(options.duration("batch"), 1);
  return o;
}

bool rise_exceeds(std::int64_t delta_s, std::int64_t noise_floor, std::int64_t max_rise) {
  return delta_s - noise_floor > max_rise;
}

Resonance resonance_at(const std::vector<std::int64_t>& samples, std::size_t at) {
  std::size_t first = at + 1 > kResonanceSpan ? at + 1 - kResonanceSpan : 0;
  Resonance r{0, static_cast<std::int64_t>(at + 1 - first)};
  for (std::size_t i = first; i <= at; ++i) r.sum += samples[i];
  return r;
}

std::string_view lambda_name(Lambda lambda) {
  switch (lambda) {
    case Lambda::kConvergent: return "convergent";
    case Lambda::kRecursive: return "recursive";
    case Lambda::kDivergent: return "divergent";
    case Lambda::kChaotic: return "chaotic";
  }
  return "unknown";
}

Lambda classify_lambda(std::int64_t delta, const Resonance& current, const Resonance& previous) {
  if (delta > kChaoticDelta) return Lambda::kChaotic;
  if (delta <= -kStepDelta && resonance_not_above(current, previous)) return Lambda::kConvergent;
  bool small_step = delta < kStepDelta && delta > -kStepDelta;
  if (small_step && resonance_within(current, previous, kStepDelta)) return Lambda::kRecursive;
  return Lambda::kDivergent;
}

std::int64_t mean_millionths(std::int64_t sum, std::int64_t count) { return (2 * sum + count) / (2 * count); }

Slope least_squares_slope(const std::vector<BatchMean>& batches) {
  Wide n = static_cast<Wide>(batches.size());
  Wide sum_x = 0;
  Wide sum_y = 0;
  Wide sum_xy = 0;
  Wide sum_xx = 0;
  for (const BatchMean& b : batches) {
    sum_x += b.index;
    sum_y += b.mean;
    sum_xy += static_cast<Wide>(b.index) * b.mean;
    sum_xx += static_cast<Wide>(b.index) * b.index;
  }
  return Slope{n * sum_xy - sum_x * sum_y, n * sum_xx - sum_x * sum_x};
}

bool slope_exceeds(const Slope& slope, std::int64_t max_slope) {
  return slope.defined() && slope.numerator > static_cast<Wide>(max_slope) * slope.denominator;
}

std::int64_t slope_millionths(const Slope& slope) {
  Wide twice = 2 * slope.denominator;
  if (slope.numerator >= 0) return clamp_to_int64((2 * slope.numerator + slope.denominator) / twice);
  return -clamp_to_int64((-2 * slope.numerator + slope.denominator) / twice);
}

std::string_view zone_name(Zone zone) {
  switch (zone) {
    case Zone::kStable: return "stable";
    case Zone::kTransitional: return "transitional";
    case Zone::kRisk: return "risk";
    case Zone::kDanger: return "danger";
  }
  return "unknown";
}

Zone zone_of(std::int64_t delta_s) {
  if (delta_s >= 850000) return Zone::kDanger;
  if (delta_s >= 600000) return Zone::kRisk;
  if (delta_s >= 400000) return Zone::kTransitional;
  return Zone::kStable;
}

}  // namespace freezedrill
