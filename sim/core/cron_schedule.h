#ifndef FREEZEDRILL_SIM_CORE_CRON_SCHEDULE_H_
#define FREEZEDRILL_SIM_CORE_CRON_SCHEDULE_H_

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/time.h"

namespace freezedrill {

struct CronParse;

// A cron expression of 5 fields (minute hour day-of-month month day-of-week)
// or 6 fields (second first), matched in UTC. Each field is a comma-separated
// list of items. An item is `*`, a number `a` or a range `a-b`, and `*` and
// ranges may take a step `/n`. Names (jan, mon) and the @ macros are not
// supported. Day-of-week runs 0 to 7, where 0 and 7 are Sunday.
//
// Day-of-month and day-of-week combine as in Vixie cron 4.1: a field whose
// text starts with `*` counts as unrestricted. When either field is
// unrestricted a day must match both, otherwise it may match either. So
// "0 0 1 * 1" fires on the 1st and on every Monday, while "0 0 */2 * 1"
// fires only on odd days that are Mondays.
class CronExpression {
 public:
  static CronParse parse(std::string_view text);

  bool matches(std::int64_t unix_seconds) const;

  // The first matching second strictly after `after`, if there is one at
  // or before `limit` (both Unix seconds).
  std::optional<std::int64_t> next_after(std::int64_t after, std::int64_t limit) const;

  // The fields joined by single spaces.
  const std::string& text() const { return text_; }

 private:
  CronExpression() = default;
  bool can_fire() const;
  bool day_matches(int day_of_month, int weekday) const;

  std::bitset<60> seconds_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;      // bit 0 unused
  std::bitset<13> months_;    // bit 0 unused
  std::bitset<7> weekdays_;   // 0 = Sunday
  bool days_unrestricted_ = false;
  bool weekdays_unrestricted_ = false;
  std::string text_;
};

// The outcome of parsing a cron expression: the expression, or a problem
// and a fix worded for an InputError.
struct CronParse {
  std::optional<CronExpression> expression;
  std::string problem;  // "" on success
  std::string fix;
};

// When a cron surface fires: either every `every` from t = 0 (at every,
// 2·every, ...), or at the seconds a cron expression matches, counted from
// the scenario's epoch.
struct JobSchedule {
  std::optional<Micros> every;
  std::optional<CronExpression> expression;

  // The first fire strictly after virtual time `after`, if one comes before
  // `limit`. `epoch_unix` is the calendar time of t = 0.
  std::optional<Micros> next_fire(Micros after, std::int64_t epoch_unix, Micros limit) const;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CORE_CRON_SCHEDULE_H_
