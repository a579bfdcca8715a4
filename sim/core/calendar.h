#ifndef FREEZEDRILL_SIM_CORE_CALENDAR_H_
#define FREEZEDRILL_SIM_CORE_CALENDAR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace freezedrill {

// Calendar arithmetic in UTC on Unix seconds, without the C library's time
// zone state, so results are the same on every machine.

struct CivilTime {
  int year = 1970;
  int month = 1;   // 1..12
  int day = 1;     // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int weekday = 4;  // 0 = Sunday; 1970-01-01 was a Thursday
};

std::int64_t days_from_civil(int year, int month, int day);
CivilTime civil_from_unix(std::int64_t unix_seconds);
std::int64_t unix_from_civil(const CivilTime& c);

// Parses an RFC 3339 timestamp with a "Z" or "+hh:mm" offset and whole
// seconds ("2026-03-01T02:00:00Z"). Returns Unix seconds.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

// Formats Unix seconds as "2026-03-01T02:00:00Z".
std::string format_rfc3339(std::int64_t unix_seconds);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CORE_CALENDAR_H_
