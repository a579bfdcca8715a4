#include "sim/checks/ratio.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace freezedrill {
namespace {

constexpr double kMaxOption = 1e15;

}  // namespace

std::int64_t to_thousandths(double value) {
  if (!(value > 0.0)) return 0;  // negative values are rejected by the loader; NaN reads as 0
  if (value > kMaxOption) value = kMaxOption;
  return std::llround(value * 1000.0);
}

std::string ratio_text(Wide numerator, Wide denominator) {
  return thousandths_text(clamp_to_int64((numerator * 2000 + denominator) / (denominator * 2)));
}

std::int64_t clamp_to_int64(Wide value) {
  Wide limit = std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(value < limit ? value : limit);
}

std::string thousandths_text(std::int64_t thousandths) {
  return fmt::format("{}.{:03d}", thousandths / 1000, thousandths % 1000);
}

}  // namespace freezedrill
