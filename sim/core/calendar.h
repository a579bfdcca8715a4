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

// The UTC offset, in minutes, of a timestamp that parse_rfc3339 accepts
// ("Z" is 0, "-05:30" is -330); nullopt for any other text.
std::optional<int> rfc3339_offset_minutes(std::string_view text);

// Formats Unix seconds as local time at a UTC offset, with that offset:
// "2026-03-01T03:00:00+01:00"; offset 0 gives "+00:00".
std::string format_rfc3339_at_offset(std::int64_t unix_seconds, int offset_minutes);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CORE_CALENDAR_H_
