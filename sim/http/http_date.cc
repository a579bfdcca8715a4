#include "sim/http/http_date.h"

#include <fmt/format.h>

#include <array>

#include "sim/core/calendar.h"

namespace freezedrill {
namespace {

// Names exactly as the RFC 9110 grammar spells them; matching is
// case-sensitive because the grammar gives them as case-sensitive literals.
constexpr std::array<std::string_view, 7> kDayNames = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> kLongDayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                           "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonthNames = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

constexpr std::string_view kImfLayout = "\"Sun, 06 Nov 1994 08:49:37 GMT\"";
constexpr std::string_view kRfc850Layout = "\"Sunday, 06-Nov-94 08:49:37 GMT\"";
constexpr std::string_view kAsctimeLayout = "\"Sun Nov  6 08:49:37 1994\"";

// The fields of a date as written, before any range check.
struct DateFields {
  int weekday = 0;  // 0 = Sunday, as in CivilTime
  int year = 0;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
};

// Reads the fixed layout of one HTTP-date form from left to right.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool literal(std::string_view s) {
    if (text_.substr(pos_, s.size()) != s) return false;
    pos_ += s.size();
    return true;
  }

  // Index of the name at the cursor, consumed; names must be matched whole.
  template <std::size_t N>
  std::optional<int> name(const std::array<std::string_view, N>& names) {
    for (std::size_t i = 0; i < N; ++i) {
      if (literal(names[i])) return static_cast<int>(i);
    }
    return std::nullopt;
  }

  std::optional<int> digits(std::size_t n) {
    if (pos_ + n > text_.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos_; i < pos_ + n; ++i) {
      if (text_[i] < '0' || text_[i] > '9') return std::nullopt;
      value = value * 10 + (text_[i] - '0');
    }
    pos_ += n;
    return value;
  }

  // asctime's day of month: two digits, or a space and one digit.
  std::optional<int> padded_day() {
    if (literal(" ")) return digits(1);
    return digits(2);
  }

  bool at_end() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// True when text starts with one of names followed by separator: that is
// enough to tell which of the three forms the sender meant.
template <std::size_t N>
bool starts_with_day(std::string_view text, const std::array<std::string_view, N>& names,
                     std::string_view separator) {
  Scanner s(text);
  return s.name(names).has_value() && s.literal(separator);
}

bool scan_time(Scanner& s, DateFields& f) {
  auto hour = s.digits(2);
  if (!hour || !s.literal(":")) return false;
  auto minute = s.digits(2);
  if (!minute || !s.literal(":")) return false;
  auto second = s.digits(2);
  if (!second) return false;
  f.hour = *hour;
  f.minute = *minute;
  f.second = *second;
  return true;
}

// IMF-fixdate: day-name "," SP 2DIGIT SP month SP 4DIGIT SP time-of-day SP "GMT".
std::optional<DateFields> scan_imf_fixdate(std::string_view text) {
  Scanner s(text);
  DateFields f;
  auto weekday = s.name(kDayNames);
  if (!weekday || !s.literal(", ")) return std::nullopt;
  auto day = s.digits(2);
  if (!day || !s.literal(" ")) return std::nullopt;
  auto month = s.name(kMonthNames);
  if (!month || !s.literal(" ")) return std::nullopt;
  auto year = s.digits(4);
  if (!year || !s.literal(" ")) return std::nullopt;
  if (!scan_time(s, f) || !s.literal(" GMT") || !s.at_end()) return std::nullopt;
  f.weekday = *weekday;
  f.day = *day;
  f.month = *month + 1;
  f.year = *year;
  return f;
}

// rfc850-date: day-name-l "," SP 2DIGIT "-" month "-" 2DIGIT SP time-of-day SP "GMT".
// The year is left as its two digits; the caller picks the century.
std::optional<DateFields> scan_rfc850(std::string_view text) {
  Scanner s(text);
  DateFields f;
  auto weekday = s.name(kLongDayNames);
  if (!weekday || !s.literal(", ")) return std::nullopt;
  auto day = s.digits(2);
  if (!day || !s.literal("-")) return std::nullopt;
  auto month = s.name(kMonthNames);
  if (!month || !s.literal("-")) return std::nullopt;
  auto year = s.digits(2);
  if (!year || !s.literal(" ")) return std::nullopt;
  if (!scan_time(s, f) || !s.literal(" GMT") || !s.at_end()) return std::nullopt;
  f.weekday = *weekday;
  f.day = *day;
  f.month = *month + 1;
  f.year = *year;
  return f;
}

// asctime-date: day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP time-of-day SP 4DIGIT.
std::optional<DateFields> scan_asctime(std::string_view text) {
  Scanner s(text);
  DateFields f;
  auto weekday = s.name(kDayNames);
  if (!weekday || !s.literal(" ")) return std::nullopt;
  auto month = s.name(kMonthNames);
  if (!month || !s.literal(" ")) return std::nullopt;
  auto day = s.padded_day();
  if (!day || !s.literal(" ")) return std::nullopt;
  if (!scan_time(s, f) || !s.literal(" ")) return std::nullopt;
  auto year = s.digits(4);
  if (!year || !s.at_end()) return std::nullopt;
  f.weekday = *weekday;
  f.day = *day;
  f.month = *month + 1;
  f.year = *year;
  return f;
}

// RFC 9110 section 5.6.7: a two-digit year that appears to be more than 50
// years in the future is the most recent past year with those digits. The
// comparison is by calendar year of now_unix, so the result lies in
// [now_year - 49, now_year + 50].
int resolve_two_digit_year(int two_digits, std::int64_t now_unix) {
  int now_year = civil_from_unix(now_unix).year;
  int century = now_year - ((now_year % 100) + 100) % 100;
  int year = century + two_digits;
  if (year > now_year + 50) year -= 100;
  if (year <= now_year - 50) year += 100;
  return year;
}

int days_in_month(int year, int month) {
  std::int64_t first = days_from_civil(year, month, 1);
  std::int64_t next = month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, month + 1, 1);
  return static_cast<int>(next - first);
}

std::string describe_date(const DateFields& f) {
  return fmt::format("{:02d} {} {:04d}", f.day, kMonthNames[f.month - 1], f.year);
}

// Checks the ranges RFC 9110 gives: day within its month (Feb 29 only in a
// leap year), hour 00-23, minute 00-59 and second 00-60. Second 60 is the
// leap second the RFC allows; Unix time has no leap seconds, so it counts
// as second 0 of the next minute. Returns the problem, or "" when valid.
std::string check_ranges(const DateFields& f) {
  if (f.day < 1 || f.day > days_in_month(f.year, f.month)) {
    return fmt::format("day {} is not in {} {:04d}", f.day, kMonthNames[f.month - 1], f.year);
  }
  if (f.hour > 23) return fmt::format("hour {} is out of range 00-23", f.hour);
  if (f.minute > 59) return fmt::format("minute {} is out of range 00-59", f.minute);
  if (f.second > 60) return fmt::format("second {} is out of range 00-60", f.second);
  return "";
}

// Weekday of the written date, ignoring the time: 23:59:60 must not move it.
int weekday_of(const DateFields& f) {
  return civil_from_unix(days_from_civil(f.year, f.month, f.day) * 86400).weekday;
}

HttpDateParse finish(const DateFields& f, RetryAfterForm form, std::string_view form_name) {
  std::string problem = check_ranges(f);
  if (!problem.empty()) return {std::nullopt, fmt::format("invalid {}: {}", form_name, problem)};

  CivilTime c;
  c.year = f.year;
  c.month = f.month;
  c.day = f.day;
  c.hour = f.hour;
  c.minute = f.minute;
  c.second = f.second;
  return {HttpDate{unix_from_civil(c), form}, ""};
}

HttpDateParse parse_imf_fixdate(std::string_view text) {
  auto fields = scan_imf_fixdate(text);
  if (!fields) return {std::nullopt, fmt::format("invalid IMF-fixdate: expected the layout {}", kImfLayout)};

  HttpDateParse result = finish(*fields, RetryAfterForm::kImfFixdate, "IMF-fixdate");
  if (!result.date) return result;

  // The weekday is redundant in IMF-fixdate; a sender that gets it wrong
  // computed the date wrongly, so the value cannot be trusted.
  int actual = weekday_of(*fields);
  if (actual != fields->weekday) {
    return {std::nullopt, fmt::format("invalid IMF-fixdate: weekday {} does not match {}, which is a {}",
                                      kDayNames[fields->weekday], describe_date(*fields), kLongDayNames[actual])};
  }
  return result;
}

// NOTE: the weekday of the two obsolete forms is not checked. RFC 9110
// requires recipients only to accept them. For RFC 850 the century is
// inferred, so a weekday check could reject a date that the century rule
// placed correctly.
HttpDateParse parse_rfc850(std::string_view text, std::int64_t now_unix) {
  auto fields = scan_rfc850(text);
  if (!fields) return {std::nullopt, fmt::format("invalid RFC 850 date: expected the layout {}", kRfc850Layout)};
  fields->year = resolve_two_digit_year(fields->year, now_unix);
  return finish(*fields, RetryAfterForm::kRfc850, "RFC 850 date");
}

HttpDateParse parse_asctime(std::string_view text) {
  auto fields = scan_asctime(text);
  if (!fields) return {std::nullopt, fmt::format("invalid asctime date: expected the layout {}", kAsctimeLayout)};
  return finish(*fields, RetryAfterForm::kAsctime, "asctime date");
}

}  // namespace

HttpDateParse parse_http_date_explained(std::string_view text, std::int64_t now_unix) {
  // The day name and the separator after it identify the form, so a value
  // that clearly meant one form gets that form's error.
  if (starts_with_day(text, kDayNames, ", ")) return parse_imf_fixdate(text);
  if (starts_with_day(text, kLongDayNames, ", ")) return parse_rfc850(text, now_unix);
  if (starts_with_day(text, kDayNames, " ")) return parse_asctime(text);
  return {std::nullopt, std::string(kNotAnHttpDate)};
}

std::optional<HttpDate> parse_http_date(std::string_view text, std::int64_t now_unix) {
  return parse_http_date_explained(text, now_unix).date;
}

// The formatters write the year with at least four digits. Years outside
// 0000-9999 do not fit the grammar, and the parser rejects what they produce.
std::string format_imf_fixdate(std::int64_t unix_seconds) {
  CivilTime c = civil_from_unix(unix_seconds);
  return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} GMT", kDayNames[c.weekday], c.day,
                     kMonthNames[c.month - 1], c.year, c.hour, c.minute, c.second);
}

std::string format_rfc850(std::int64_t unix_seconds) {
  CivilTime c = civil_from_unix(unix_seconds);
  int two_digits = ((c.year % 100) + 100) % 100;
  return fmt::format("{}, {:02d}-{}-{:02d} {:02d}:{:02d}:{:02d} GMT", kLongDayNames[c.weekday], c.day,
                     kMonthNames[c.month - 1], two_digits, c.hour, c.minute, c.second);
}

std::string format_asctime(std::int64_t unix_seconds) {
  CivilTime c = civil_from_unix(unix_seconds);
  return fmt::format("{} {} {:>2} {:02d}:{:02d}:{:02d} {:04d}", kDayNames[c.weekday], kMonthNames[c.month - 1],
                     c.day, c.hour, c.minute, c.second, c.year);
}

}  // namespace freezedrill
