#include "sim/core/calendar.h"

#include <fmt/format.h>

namespace freezedrill {
namespace {

// Floor division that rounds towards negative infinity.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

std::optional<int> read_digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

// Howard Hinnant's days_from_civil algorithm (public domain), restated.
std::int64_t days_from_civil(int year, int month, int day) {
  std::int64_t y = year - (month <= 2 ? 1 : 0);
  std::int64_t era = floor_div(y, 400);
  std::int64_t yoe = y - era * 400;
  std::int64_t mp = (month + 9) % 12;
  std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime civil_from_unix(std::int64_t unix_seconds) {
  CivilTime c;
  std::int64_t days = floor_div(unix_seconds, 86400);
  std::int64_t secs = unix_seconds - days * 86400;
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs % 3600 / 60);
  c.second = static_cast<int>(secs % 60);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // day 0 was a Thursday (4)

  std::int64_t z = days + 719468;
  std::int64_t era = floor_div(z, 146097);
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
  return c;
}

std::int64_t unix_from_civil(const CivilTime& c) {
  return days_from_civil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
}

std::optional<std::int64_t> parse_rfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS then Z or +hh:mm / -hh:mm
  if (s.size() < 20) return std::nullopt;
  auto year = read_digits(s, 0, 4);
  auto month = read_digits(s, 5, 2);
  auto day = read_digits(s, 8, 2);
  auto hour = read_digits(s, 11, 2);
  auto minute = read_digits(s, 14, 2);
  auto second = read_digits(s, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;

  std::int64_t offset = 0;
  std::string_view zone = s.substr(19);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    auto oh = read_digits(zone, 1, 2);
    auto om = read_digits(zone, 4, 2);
    if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
    offset = (*oh * 3600 + *om * 60) * (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  CivilTime c{*year, *month, *day, *hour, *minute, *second, 0};
  return unix_from_civil(c) - offset;
}

std::string format_rfc3339(std::int64_t unix_seconds) {
  CivilTime c = civil_from_unix(unix_seconds);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", c.year, c.month, c.day, c.hour, c.minute,
                     c.second);
}

std::optional<int> rfc3339_offset_minutes(std::string_view text) {
  std::optional<std::int64_t> instant = parse_rfc3339(text);
  if (!instant) return std::nullopt;

  // The same wall-clock fields read as UTC, minus the instant, is the offset.
  std::string local(text.substr(0, 19));
  std::optional<std::int64_t> as_utc = parse_rfc3339(local + "Z");
  if (!as_utc) return std::nullopt;
  return static_cast<int>((*as_utc - *instant) / 60);
}

std::string format_rfc3339_at_offset(std::int64_t unix_seconds, int offset_minutes) {
  CivilTime c = civil_from_unix(unix_seconds + static_cast<std::int64_t>(offset_minutes) * 60);
  int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}{:02d}:{:02d}", c.year, c.month, c.day, c.hour,
                     c.minute, c.second, offset_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

}  // namespace freezedrill
