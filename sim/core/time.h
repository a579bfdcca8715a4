#ifndef FREEZEDRILL_SIM_CORE_TIME_H_
#define FREEZEDRILL_SIM_CORE_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace freezedrill {

// Virtual or real time in microseconds. In sim mode t = 0 is the scenario's
// epoch; the calendar time of t is epoch + t.
using Micros = std::int64_t;

inline constexpr Micros kMicrosPerMilli = 1000;
inline constexpr Micros kMicrosPerSecond = 1000 * 1000;
inline constexpr Micros kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr Micros kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr Micros kMicrosPerDay = 24 * kMicrosPerHour;

// Parses a duration such as "250ms", "2m", "1h", "1.5s", "0s" or "90us".
// Units: us, ms, s, m, h, d. A fractional part is allowed when it resolves to
// whole microseconds. Returns nullopt on any other text, a sign, or overflow.
std::optional<Micros> parse_duration(std::string_view text);

// Formats a duration with the largest unit that represents it exactly:
// 60000000 -> "1m", 1500000 -> "1500ms", 0 -> "0s".
std::string format_duration(Micros d);

// Formats t as seconds with six decimals ("12.000250"), for reports and logs.
std::string format_seconds(Micros t);

// A rate in events per second, held as a rational so that arithmetic on it
// stays exact: per_second = numerator / denominator.
struct Rate {
  std::int64_t numerator = 0;
  std::int64_t denominator = 1;

  bool is_zero() const { return numerator == 0; }
  // Mean gap between events in microseconds (rounded down, at least 1).
  Micros mean_interval() const;
};

// Parses "N/s", "N/m" or "N/h" with N a non-negative decimal ("0.5/s").
std::optional<Rate> parse_rate(std::string_view text);
std::string format_rate(const Rate& r);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CORE_TIME_H_
