#include "sim/core/time.h"

#include <fmt/format.h>

#include <array>
#include <limits>

namespace freezedrill {
namespace {

struct Unit {
  std::string_view suffix;
  Micros micros;
};

// Longest suffix first so that "ms" is not read as "m" followed by junk.
constexpr std::array<Unit, 6> kUnits = {{{"us", 1},
                                         {"ms", kMicrosPerMilli},
                                         {"s", kMicrosPerSecond},
                                         {"m", kMicrosPerMinute},
                                         {"h", kMicrosPerHour},
                                         {"d", kMicrosPerDay}}};

// Parses "123" or "1.25" into a value scaled by `scale`; fails if the
// fractional part does not resolve to a whole number or on overflow.
std::optional<std::int64_t> parse_scaled_decimal(std::string_view digits, std::int64_t scale) {
  if (digits.empty()) return std::nullopt;
  std::int64_t whole = 0;
  std::size_t i = 0;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  for (; i < digits.size() && digits[i] != '.'; ++i) {
    char c = digits[i];
    if (c < '0' || c > '9') return std::nullopt;
    if (whole > (kMax - (c - '0')) / 10) return std::nullopt;
    whole = whole * 10 + (c - '0');
  }
  if (i == 0) return std::nullopt;
  if (whole > kMax / scale) return std::nullopt;
  std::int64_t result = whole * scale;
  if (i == digits.size()) return result;

  // Fractional part: each digit must keep the value a whole multiple.
  ++i;
  if (i == digits.size()) return std::nullopt;
  std::int64_t place = scale;
  for (; i < digits.size(); ++i) {
    char c = digits[i];
    if (c < '0' || c > '9') return std::nullopt;
    int digit = c - '0';
    if (place % 10 != 0) {
      if (digit != 0) return std::nullopt;
      continue;
    }
    place /= 10;
    if (digit * place > kMax - result) return std::nullopt;
    result += digit * place;
  }
  return result;
}

}  // namespace

std::optional<Micros> parse_duration(std::string_view text) {
  for (const Unit& unit : kUnits) {
    if (text.size() <= unit.suffix.size()) continue;
    if (text.substr(text.size() - unit.suffix.size()) != unit.suffix) continue;
    std::string_view number = text.substr(0, text.size() - unit.suffix.size());
    // "5ms" ends in "s" too; only accept the unit if the rest is numeric.
    auto value = parse_scaled_decimal(number, unit.micros);
    if (value) return value;
  }
  return std::nullopt;
}

std::string format_duration(Micros d) {
  if (d == 0) return "0s";
  std::string sign = d < 0 ? "-" : "";
  Micros a = d < 0 ? -d : d;
  for (auto it = kUnits.rbegin(); it != kUnits.rend(); ++it) {
    if (it->micros == kMicrosPerDay) continue;  // "1d" reads worse than "24h"
    if (a % it->micros == 0) return fmt::format("{}{}{}", sign, a / it->micros, it->suffix);
  }
  return fmt::format("{}{}us", sign, a);
}

std::string format_seconds(Micros t) {
  std::string sign = t < 0 ? "-" : "";
  Micros a = t < 0 ? -t : t;
  return fmt::format("{}{}.{:06d}", sign, a / kMicrosPerSecond, a % kMicrosPerSecond);
}

Micros Rate::mean_interval() const {
  if (numerator <= 0) return std::numeric_limits<Micros>::max();
  // per_second = numerator / denominator, so the gap is denominator * 1e6 / numerator.
  Micros gap = denominator * kMicrosPerSecond / numerator;
  return gap < 1 ? 1 : gap;
}

std::optional<Rate> parse_rate(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view number = text.substr(0, slash);
  std::string_view unit = text.substr(slash + 1);
  std::int64_t per_unit_seconds = 0;
  if (unit == "s") per_unit_seconds = 1;
  else if (unit == "m") per_unit_seconds = 60;
  else if (unit == "h") per_unit_seconds = 3600;
  else return std::nullopt;

  // Scale by 10^6 to keep up to six decimals exactly.
  auto scaled = parse_scaled_decimal(number, 1000000);
  if (!scaled) return std::nullopt;
  Rate r;
  r.numerator = *scaled;
  r.denominator = 1000000 * per_unit_seconds;
  return r;
}

std::string format_rate(const Rate& r) {
  // Rates are printed per second with up to six decimals.
  if (r.denominator == 0) return "0/s";
  std::int64_t micro_per_second = r.numerator * 1000000 / r.denominator;
  std::string s = fmt::format("{}.{:06d}", micro_per_second / 1000000, micro_per_second % 1000000);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "/s";
}

}  // namespace freezedrill
