#include "sim/core/cron_schedule.h"

#include <fmt/format.h>

#include <array>
#include <vector>

#include "sim/core/calendar.h"

namespace freezedrill {
namespace {

constexpr std::int64_t kSecondsPerMinute = 60;
constexpr std::int64_t kSecondsPerHour = 3600;
constexpr std::int64_t kSecondsPerDay = 86400;

// One field of the expression: its name for messages and its value range.
struct FieldRule {
  std::string_view name;
  int min;
  int max;
};

constexpr FieldRule kSecondRule{"second", 0, 59};
constexpr FieldRule kMinuteRule{"minute", 0, 59};
constexpr FieldRule kHourRule{"hour", 0, 23};
constexpr FieldRule kDayRule{"day-of-month", 1, 31};
constexpr FieldRule kMonthRule{"month", 1, 12};
constexpr FieldRule kWeekdayRule{"day-of-week", 0, 7};

constexpr const char* kShapeFix =
    "write 5 fields (minute hour day-of-month month day-of-week), such as \"*/5 * * * *\", or 6 fields with the "
    "second first, such as \"*/30 * * * * *\"";

// The values one field allows, or why its text is invalid.
struct FieldParse {
  std::bitset<64> bits;
  std::string problem;
  std::string fix;
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t from = 0;
  while (true) {
    std::size_t at = text.find(separator, from);
    parts.push_back(text.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
    if (at == std::string_view::npos) return parts;
    from = at + 1;
  }
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    std::size_t from = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    fields.push_back(text.substr(from, i - from));
  }
  return fields;
}

bool has_letter(std::string_view text) {
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

// A decimal number of at most three digits, or nullopt.
std::optional<int> read_number(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string range_fix(const FieldRule& rule) {
  std::string fix = fmt::format("write a {} from {} to {}", rule.name, rule.min, rule.max);
  if (&rule == &kWeekdayRule) fix += " (0 and 7 are Sunday)";
  return fix;
}

FieldParse field_error(const FieldRule& rule, std::string_view item, std::string problem, std::string fix) {
  FieldParse out;
  out.problem = fmt::format("invalid cron expression: the {} field item \"{}\" {}", rule.name, item, problem);
  out.fix = std::move(fix);
  return out;
}

// Reads `*`, "a" or "a-b" into [low, high].
FieldParse read_bounds(const FieldRule& rule, std::string_view item, std::string_view base, int& low, int& high) {
  if (base == "*") {
    low = rule.min;
    high = rule.max;
    return {};
  }
  std::vector<std::string_view> ends = split(base, '-');
  if (ends.size() > 2) return field_error(rule, item, "has more than one '-'", "write a range as \"a-b\"");

  std::optional<int> first = read_number(ends[0]);
  std::optional<int> last = ends.size() == 2 ? read_number(ends[1]) : first;
  if (!first || !last) {
    if (has_letter(base)) {
      return field_error(rule, item, "is a name, and names are not supported", range_fix(rule) + " as a number");
    }
    return field_error(rule, item, "is not a number, a range a-b or *",
                       "write *, a number, a range such as \"1-5\", a step such as \"*/15\" or a list such as \"1,15\"");
  }
  for (int value : {*first, *last}) {
    if (value < rule.min || value > rule.max) {
      return field_error(rule, item, fmt::format("is out of range {}-{}", rule.min, rule.max), range_fix(rule));
    }
  }
  if (*first > *last) {
    return field_error(rule, item, "is a range that runs backwards",
                       fmt::format("write the smaller value first: \"{}-{}\"", *last, *first));
  }
  low = *first;
  high = *last;
  return {};
}

// Parses one list item: `*`, `a`, `a-b`, `*/n` or `a-b/n`.
FieldParse read_item(const FieldRule& rule, std::string_view item, std::bitset<64>& bits) {
  if (item.empty()) return field_error(rule, item, "is empty", "remove the extra comma");
  std::vector<std::string_view> parts = split(item, '/');
  if (parts.size() > 2) return field_error(rule, item, "has more than one '/'", "write one step, such as \"*/15\"");

  int low = 0;
  int high = 0;
  FieldParse bounds = read_bounds(rule, item, parts[0], low, high);
  if (!bounds.problem.empty()) return bounds;

  int step = 1;
  if (parts.size() == 2) {
    bool single = parts[0] != "*" && parts[0].find('-') == std::string_view::npos;
    if (single) {
      return field_error(rule, item, "puts a step after a single value",
                         fmt::format("write \"{}-{}/{}\" or \"*/{}\"", parts[0], rule.max, parts[1], parts[1]));
    }
    std::optional<int> n = read_number(parts[1]);
    int widest = rule.max - rule.min + 1;
    if (!n || *n < 1 || *n > widest) {
      return field_error(rule, item, "has an invalid step", fmt::format("write a step from 1 to {}", widest));
    }
    step = *n;
  }

  for (int value = low; value <= high; value += step) bits.set(static_cast<std::size_t>(value));
  return {};
}

FieldParse read_field(const FieldRule& rule, std::string_view text) {
  FieldParse out;
  for (std::string_view item : split(text, ',')) {
    FieldParse one = read_item(rule, item, out.bits);
    if (!one.problem.empty()) return one;
  }
  // Vixie cron reads day-of-week 7 as Sunday, like 0.
  if (&rule == &kWeekdayRule && out.bits.test(7)) {
    out.bits.reset(7);
    out.bits.set(0);
  }
  return out;
}

template <std::size_t N>
std::bitset<N> narrow(const std::bitset<64>& bits) {
  std::bitset<N> out;
  for (std::size_t i = 0; i < N; ++i) out.set(i, bits.test(i));
  return out;
}

int max_days_in_month(int month) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[static_cast<std::size_t>(month - 1)];
}

std::int64_t start_of_next_month(const CivilTime& c) {
  int year = c.month == 12 ? c.year + 1 : c.year;
  int month = c.month == 12 ? 1 : c.month + 1;
  return days_from_civil(year, month, 1) * kSecondsPerDay;
}

std::int64_t start_of_next(std::int64_t t, std::int64_t unit) { return (floor_div(t, unit) + 1) * unit; }

}  // namespace

CronParse CronExpression::parse(std::string_view text) {
  CronParse result;
  std::vector<std::string_view> fields = split_fields(text);
  if (fields.size() != 5 && fields.size() != 6) {
    result.problem = fmt::format("invalid cron expression: expected 5 or 6 fields, got {}", fields.size());
    result.fix = kShapeFix;
    return result;
  }

  // A 5-field expression fires at second 0 of each matching minute.
  std::vector<std::string_view> padded = fields;
  if (padded.size() == 5) padded.insert(padded.begin(), "0");
  const std::array<const FieldRule*, 6> rules = {&kSecondRule, &kMinuteRule, &kHourRule,
                                                 &kDayRule,    &kMonthRule,  &kWeekdayRule};
  std::array<std::bitset<64>, 6> bits;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    FieldParse field = read_field(*rules[i], padded[i]);
    if (!field.problem.empty()) {
      result.problem = std::move(field.problem);
      result.fix = std::move(field.fix);
      return result;
    }
    bits[i] = field.bits;
  }

  CronExpression e;
  e.seconds_ = narrow<60>(bits[0]);
  e.minutes_ = narrow<60>(bits[1]);
  e.hours_ = narrow<24>(bits[2]);
  e.days_ = narrow<32>(bits[3]);
  e.months_ = narrow<13>(bits[4]);
  e.weekdays_ = narrow<7>(bits[5]);
  e.days_unrestricted_ = padded[3].front() == '*';
  e.weekdays_unrestricted_ = padded[5].front() == '*';
  for (std::string_view field : fields) {
    if (!e.text_.empty()) e.text_ += ' ';
    e.text_ += field;
  }

  if (!e.can_fire()) {
    result.problem = fmt::format("invalid cron expression: no listed day-of-month occurs in a listed month, so \"{}\" "
                                 "never fires",
                                 e.text_);
    result.fix = "list a day that the months have, such as 1-28, or use * for day-of-month";
    return result;
  }
  result.expression = std::move(e);
  return result;
}

// When the day must match day-of-month, some listed month must have a
// listed day. February counts 29 days because leap years have them. Any
// calendar date falls on every weekday over the years, so the weekday
// never makes an expression impossible.
bool CronExpression::can_fire() const {
  bool either_day_field = !days_unrestricted_ && !weekdays_unrestricted_;
  if (either_day_field) return true;
  for (int month = 1; month <= 12; ++month) {
    if (!months_.test(static_cast<std::size_t>(month))) continue;
    for (int day = 1; day <= max_days_in_month(month); ++day) {
      if (days_.test(static_cast<std::size_t>(day))) return true;
    }
  }
  return false;
}

bool CronExpression::day_matches(int day_of_month, int weekday) const {
  bool day_ok = days_.test(static_cast<std::size_t>(day_of_month));
  bool weekday_ok = weekdays_.test(static_cast<std::size_t>(weekday));
  if (days_unrestricted_ || weekdays_unrestricted_) return day_ok && weekday_ok;
  return day_ok || weekday_ok;
}

bool CronExpression::matches(std::int64_t unix_seconds) const {
  CivilTime c = civil_from_unix(unix_seconds);
  return months_.test(static_cast<std::size_t>(c.month)) && day_matches(c.day, c.weekday) &&
         hours_.test(static_cast<std::size_t>(c.hour)) && minutes_.test(static_cast<std::size_t>(c.minute)) &&
         seconds_.test(static_cast<std::size_t>(c.second));
}

// Walks forward from the coarsest field that does not match, jumping to the
// start of the next month, day, hour or minute, so a sparse expression costs
// a few steps per skipped unit rather than one per second.
std::optional<std::int64_t> CronExpression::next_after(std::int64_t after, std::int64_t limit) const {
  std::int64_t t = after + 1;
  while (t <= limit) {
    CivilTime c = civil_from_unix(t);
    if (!months_.test(static_cast<std::size_t>(c.month))) {
      t = start_of_next_month(c);
    } else if (!day_matches(c.day, c.weekday)) {
      t = start_of_next(t, kSecondsPerDay);
    } else if (!hours_.test(static_cast<std::size_t>(c.hour))) {
      t = start_of_next(t, kSecondsPerHour);
    } else if (!minutes_.test(static_cast<std::size_t>(c.minute))) {
      t = start_of_next(t, kSecondsPerMinute);
    } else if (!seconds_.test(static_cast<std::size_t>(c.second))) {
      ++t;
    } else {
      return t;
    }
  }
  return std::nullopt;
}

std::optional<Micros> JobSchedule::next_fire(Micros after, std::int64_t epoch_unix, Micros limit) const {
  if (every) {
    Micros fire = (floor_div(after, *every) + 1) * *every;
    if (fire < limit) return fire;
    return std::nullopt;
  }
  if (!expression) return std::nullopt;

  // Fires fall on whole seconds, so the last one allowed is the last whole
  // second before `limit`.
  std::int64_t after_unix = epoch_unix + floor_div(after, kMicrosPerSecond);
  std::int64_t limit_unix = epoch_unix + floor_div(limit - 1, kMicrosPerSecond);
  std::optional<std::int64_t> fire = expression->next_after(after_unix, limit_unix);
  if (!fire) return std::nullopt;
  return (*fire - epoch_unix) * kMicrosPerSecond;
}

}  // namespace freezedrill
