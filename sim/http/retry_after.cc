#include "sim/http/retry_after.h"

#include <fmt/format.h>

#include <cstdint>

#include "sim/http/http_date.h"

namespace freezedrill {
namespace {

// delay-seconds above 2^53 cannot be held exactly as a double by the many
// clients that parse numbers that way, so the value is treated as invalid.
constexpr std::uint64_t kMaxDelaySeconds = std::uint64_t{1} << 53;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// Strips optional whitespace (OWS: spaces and horizontal tabs).
std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits, one '.', digits: a decimal fraction such as "1.5".
bool is_fraction(std::string_view s) {
  auto dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  return all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1));
}

RetryAfterValue invalid(std::string error) {
  RetryAfterValue v;
  v.form = RetryAfterForm::kInvalid;
  v.error = std::move(error);
  return v;
}

bool is_day_name(std::string_view s) {
  static constexpr std::string_view kNames[] = {"Sun",    "Mon",    "Tue",     "Wed",       "Thu",
                                                "Fri",    "Sat",    "Sunday",  "Monday",    "Tuesday",
                                                "Wednesday", "Thursday", "Friday", "Saturday"};
  for (std::string_view name : kNames) {
    if (s == name) return true;
  }
  return false;
}

// Splits a field value at its commas into list members. A member that is
// only a day name is joined with the next one, because IMF-fixdate and
// RFC 850 dates contain a comma after the weekday.
std::vector<std::string_view> list_members(std::string_view value) {
  std::vector<std::string_view> members;
  std::size_t start = 0;
  std::size_t search = 0;
  while (true) {
    std::size_t comma = value.find(',', search);
    std::string_view piece = value.substr(start, comma == std::string_view::npos ? value.npos : comma - start);
    if (comma != std::string_view::npos && is_day_name(trim_ows(piece))) {
      search = comma + 1;
      continue;
    }
    members.push_back(trim_ows(piece));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
    search = start;
  }
  return members;
}

bool is_single_value(std::string_view member, std::int64_t now_unix) {
  return all_digits(member) || parse_http_date(member, now_unix).has_value();
}

// A single field line holding several valid values ("120, 120") is a list,
// which Retry-After's grammar does not allow.
std::size_t count_listed_values(std::string_view value, std::int64_t now_unix) {
  std::vector<std::string_view> members = list_members(value);
  if (members.size() < 2) return 0;
  for (std::string_view member : members) {
    if (!is_single_value(member, now_unix)) return 0;
  }
  return members.size();
}

RetryAfterValue parse_delay_seconds(std::string_view digits) {
  std::uint64_t value = 0;
  for (char c : digits) {
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > kMaxDelaySeconds) return invalid("too large (delay-seconds above 2^53)");
  }
  RetryAfterValue v;
  v.form = RetryAfterForm::kDelaySeconds;
  v.delay_seconds = static_cast<std::int64_t>(value);
  return v;
}

RetryAfterValue parse_date_value(std::string_view value, std::int64_t now_unix) {
  HttpDateParse parsed = parse_http_date_explained(value, now_unix);
  if (!parsed.date) {
    if (parsed.error == kNotAnHttpDate) return invalid("not delay-seconds or an HTTP-date");
    return invalid(parsed.error);
  }
  RetryAfterValue v;
  v.form = parsed.date->form;
  v.date_unix = parsed.date->unix_seconds;
  return v;
}

}  // namespace

RetryAfterValue parse_retry_after(const std::vector<std::string_view>& values, std::int64_t now_unix) {
  if (values.empty()) return RetryAfterValue{};
  if (values.size() > 1) return invalid(fmt::format("duplicated ({} field lines)", values.size()));

  std::string_view value = trim_ows(values.front());
  if (value.empty()) return invalid("empty");
  std::size_t listed = count_listed_values(value, now_unix);
  if (listed > 0) return invalid(fmt::format("duplicated ({} values in one field line)", listed));

  // delay-seconds is 1*DIGIT: no sign and no fraction.
  if (value.front() == '-') return invalid("negative (delay-seconds has no sign)");
  if (value.front() == '+') return invalid("signed (delay-seconds has no sign)");
  if (is_fraction(value)) return invalid("fractional (delay-seconds is a whole number)");
  if (all_digits(value)) return parse_delay_seconds(value);

  return parse_date_value(value, now_unix);
}

std::vector<std::string_view> split_retry_after_raw(std::string_view raw, std::uint8_t count) {
  if (count == 0) return {};
  if (count == 1) return {raw};

  std::vector<std::string_view> values;
  std::size_t start = 0;
  while (true) {
    std::size_t newline = raw.find('\n', start);
    if (newline == std::string_view::npos) {
      values.push_back(raw.substr(start));
      break;
    }
    values.push_back(raw.substr(start, newline - start));
    start = newline + 1;
  }

  // The count is what was received; a raw text with too few separators
  // (edited by hand) still yields that many lines, the missing ones empty.
  while (values.size() < count) values.emplace_back();
  return values;
}

}  // namespace freezedrill
