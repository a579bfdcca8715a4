#include "sim/core/cron_schedule.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/core/calendar.h"

namespace freezedrill {
namespace {

constexpr std::int64_t kFarLimit = 4102444800;  // 2100-01-01T00:00:00Z

std::int64_t utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  CivilTime c;
  c.year = year;
  c.month = month;
  c.day = day;
  c.hour = hour;
  c.minute = minute;
  c.second = second;
  return unix_from_civil(c);
}

CronExpression parse_ok(const std::string& text) {
  CronParse parsed = CronExpression::parse(text);
  EXPECT_TRUE(parsed.problem.empty()) << text << ": " << parsed.problem;
  if (!parsed.expression) throw std::runtime_error("expected a valid expression: " + text);
  return *parsed.expression;
}

std::string problem_of(const std::string& text) {
  CronParse parsed = CronExpression::parse(text);
  EXPECT_FALSE(parsed.expression.has_value()) << text;
  EXPECT_FALSE(parsed.fix.empty()) << text;
  return parsed.problem;
}

// The next `n` fires after `from`, as "YYYY-MM-DDTHH:MM:SSZ".
std::vector<std::string> fires(const std::string& text, std::int64_t from, int n) {
  CronExpression e = parse_ok(text);
  std::vector<std::string> out;
  std::int64_t t = from;
  for (int i = 0; i < n; ++i) {
    std::optional<std::int64_t> next = e.next_after(t, kFarLimit);
    if (!next) break;
    out.push_back(format_rfc3339(*next));
    t = *next;
  }
  return out;
}

testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

TEST(CronExpression, FiveFieldsFireAtSecondZero) {
  EXPECT_EQ(fires("*/15 * * * *", utc(2026, 3, 1, 2, 0, 0), 3),
            (std::vector<std::string>{"2026-03-01T02:15:00Z", "2026-03-01T02:30:00Z", "2026-03-01T02:45:00Z"}));
}

TEST(CronExpression, NextIsStrictlyAfter) {
  CronExpression e = parse_ok("0 * * * *");
  EXPECT_EQ(e.next_after(utc(2026, 3, 1, 2, 0, 0), kFarLimit), utc(2026, 3, 1, 3, 0, 0));
  EXPECT_EQ(e.next_after(utc(2026, 3, 1, 1, 59, 59), kFarLimit), utc(2026, 3, 1, 2, 0, 0));
}

TEST(CronExpression, SecondsFieldCrossesMinute) {
  EXPECT_EQ(fires("30 * * * * *", utc(2026, 3, 1, 2, 0, 40), 2),
            (std::vector<std::string>{"2026-03-01T02:01:30Z", "2026-03-01T02:02:30Z"}));
}

TEST(CronExpression, SecondStepsEveryTenSeconds) {
  EXPECT_EQ(fires("*/10 * * * * *", utc(2026, 3, 1, 2, 0, 55), 3),
            (std::vector<std::string>{"2026-03-01T02:01:00Z", "2026-03-01T02:01:10Z", "2026-03-01T02:01:20Z"}));
}

TEST(CronExpression, MinuteCrossesHour) {
  EXPECT_EQ(fires("5 * * * *", utc(2026, 3, 1, 2, 10, 0), 2),
            (std::vector<std::string>{"2026-03-01T03:05:00Z", "2026-03-01T04:05:00Z"}));
}

TEST(CronExpression, HourCrossesDay) {
  EXPECT_EQ(fires("0 0 * * *", utc(2026, 3, 1, 23, 59, 59), 1), (std::vector<std::string>{"2026-03-02T00:00:00Z"}));
}

TEST(CronExpression, DayCrossesMonth) {
  EXPECT_EQ(fires("0 0 1 * *", utc(2026, 3, 15), 2),
            (std::vector<std::string>{"2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z"}));
}

TEST(CronExpression, ThirtyFirstSkipsShortMonths) {
  EXPECT_EQ(fires("0 12 31 * *", utc(2026, 3, 31, 13), 2),
            (std::vector<std::string>{"2026-05-31T12:00:00Z", "2026-07-31T12:00:00Z"}));
}

TEST(CronExpression, MonthCrossesYear) {
  EXPECT_EQ(fires("0 0 1 1 *", utc(2026, 12, 31, 23, 59, 59), 2),
            (std::vector<std::string>{"2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"}));
}

TEST(CronExpression, LeapDayWaitsForLeapYear) {
  EXPECT_EQ(fires("0 0 29 2 *", utc(2026, 3, 1), 2),
            (std::vector<std::string>{"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"}));
}

TEST(CronExpression, RangeWithStep) {
  EXPECT_EQ(fires("10-30/10 * * * *", utc(2026, 3, 1, 2, 0, 0), 4),
            (std::vector<std::string>{"2026-03-01T02:10:00Z", "2026-03-01T02:20:00Z", "2026-03-01T02:30:00Z",
                                      "2026-03-01T03:10:00Z"}));
}

TEST(CronExpression, ListOfHours) {
  EXPECT_EQ(fires("0 5,20 * * *", utc(2026, 3, 1, 2, 0, 0), 3),
            (std::vector<std::string>{"2026-03-01T05:00:00Z", "2026-03-01T20:00:00Z", "2026-03-02T05:00:00Z"}));
}

TEST(CronExpression, ListMixesRangesAndValues) {
  EXPECT_EQ(fires("0 1-2,22 * * *", utc(2026, 3, 1, 0, 0, 0), 4),
            (std::vector<std::string>{"2026-03-01T01:00:00Z", "2026-03-01T02:00:00Z", "2026-03-01T22:00:00Z",
                                      "2026-03-02T01:00:00Z"}));
}

// 2026-03-01 is a Sunday.
TEST(CronExpression, DayOfMonthOrWeekdayWhenBothRestricted) {
  EXPECT_EQ(fires("0 0 10 * 5", utc(2026, 3, 1), 3),
            (std::vector<std::string>{"2026-03-06T00:00:00Z", "2026-03-10T00:00:00Z", "2026-03-13T00:00:00Z"}));
}

TEST(CronExpression, StarStepDayNeedsWeekdayToo) {
  // "*/2" starts with '*', so the day must be odd and a Monday.
  EXPECT_EQ(fires("0 0 */2 * 1", utc(2026, 3, 1), 2),
            (std::vector<std::string>{"2026-03-09T00:00:00Z", "2026-03-23T00:00:00Z"}));
}

TEST(CronExpression, WeekdayAloneWhenDayIsStar) {
  EXPECT_EQ(fires("0 0 * * 1", utc(2026, 3, 1), 2),
            (std::vector<std::string>{"2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z"}));
}

TEST(CronExpression, SevenIsSunday) {
  EXPECT_EQ(fires("0 0 * * 7", utc(2026, 3, 1), 1), (std::vector<std::string>{"2026-03-08T00:00:00Z"}));
  EXPECT_EQ(fires("0 0 * * 5-7", utc(2026, 3, 1), 3),
            (std::vector<std::string>{"2026-03-06T00:00:00Z", "2026-03-07T00:00:00Z", "2026-03-08T00:00:00Z"}));
}

TEST(CronExpression, MatchesOnlyListedSeconds) {
  CronExpression e = parse_ok("5 1 2 * * *");
  EXPECT_TRUE(e.matches(utc(2026, 3, 1, 2, 1, 5)));
  EXPECT_FALSE(e.matches(utc(2026, 3, 1, 2, 1, 6)));
  EXPECT_FALSE(e.matches(utc(2026, 3, 1, 3, 1, 5)));
}

TEST(CronExpression, LimitIsInclusive) {
  CronExpression e = parse_ok("0 3 * * *");
  EXPECT_EQ(e.next_after(utc(2026, 3, 1), utc(2026, 3, 1, 3)), utc(2026, 3, 1, 3));
  EXPECT_FALSE(e.next_after(utc(2026, 3, 1), utc(2026, 3, 1, 2, 59, 59)).has_value());
}

TEST(CronExpression, TextIsNormalised) {
  EXPECT_EQ(parse_ok("  */5\t*  * * * ").text(), "*/5 * * * *");
}

TEST(CronExpression, WrongFieldCountIsInvalid) {
  EXPECT_TRUE(Contains(problem_of("* * * *"), "expected 5 or 6 fields, got 4"));
  EXPECT_TRUE(Contains(problem_of("* * * * * * *"), "got 7"));
  EXPECT_TRUE(Contains(problem_of(""), "got 0"));
}

TEST(CronExpression, OutOfRangeNamesField) {
  std::string problem = problem_of("0 0 32 * *");
  EXPECT_TRUE(Contains(problem, "day-of-month"));
  EXPECT_TRUE(Contains(problem, "\"32\" is out of range 1-31"));
  EXPECT_TRUE(Contains(problem_of("60 * * * *"), "minute"));
  EXPECT_TRUE(Contains(problem_of("0 24 * * *"), "hour"));
  EXPECT_TRUE(Contains(problem_of("0 0 * 13 *"), "month"));
  EXPECT_TRUE(Contains(problem_of("0 0 * * 8"), "day-of-week"));
  EXPECT_TRUE(Contains(problem_of("60 * * * * *"), "second"));
}

TEST(CronExpression, BackwardsRangeIsInvalid) {
  CronParse parsed = CronExpression::parse("0 5-2 * * *");
  EXPECT_TRUE(Contains(parsed.problem, "runs backwards"));
  EXPECT_TRUE(Contains(parsed.fix, "\"2-5\""));
}

TEST(CronExpression, BadStepsAreInvalid) {
  EXPECT_TRUE(Contains(problem_of("*/0 * * * *"), "invalid step"));
  EXPECT_TRUE(Contains(problem_of("*/61 * * * *"), "invalid step"));
  EXPECT_TRUE(Contains(problem_of("*/5/2 * * * *"), "more than one '/'"));
  CronParse single = CronExpression::parse("5/10 * * * *");
  EXPECT_TRUE(Contains(single.problem, "step after a single value"));
  EXPECT_TRUE(Contains(single.fix, "\"5-59/10\""));
}

TEST(CronExpression, NamesAreNotSupported) {
  EXPECT_TRUE(Contains(problem_of("0 0 * jan *"), "names are not supported"));
  EXPECT_TRUE(Contains(problem_of("0 0 * * mon"), "names are not supported"));
}

TEST(CronExpression, MalformedItemsAreInvalid) {
  EXPECT_TRUE(Contains(problem_of("0 0 1,,2 * *"), "is empty"));
  EXPECT_TRUE(Contains(problem_of("0 0 1-2-3 * *"), "more than one '-'"));
  EXPECT_TRUE(Contains(problem_of("0 0 ? * *"), "is not a number"));
  EXPECT_TRUE(Contains(problem_of("@hourly"), "expected 5 or 6 fields"));
}

TEST(CronExpression, DayNoListedMonthHasIsInvalid) {
  EXPECT_TRUE(Contains(problem_of("0 0 30 2 *"), "never fires"));
  EXPECT_TRUE(Contains(problem_of("0 0 31 4,6 *"), "never fires"));
}

TEST(CronExpression, ImpossibleDayWithWeekdayStillFires) {
  // Both day fields are restricted, so every Monday in February matches.
  EXPECT_EQ(fires("0 0 30 2 1", utc(2026, 3, 1), 1), (std::vector<std::string>{"2027-02-01T00:00:00Z"}));
}

TEST(JobSchedule, IntervalFiresAtMultiplesAfterZero) {
  JobSchedule s;
  s.every = 30 * kMicrosPerSecond;
  EXPECT_EQ(s.next_fire(0, 0, kMicrosPerHour), 30 * kMicrosPerSecond);
  EXPECT_EQ(s.next_fire(30 * kMicrosPerSecond, 0, kMicrosPerHour), 60 * kMicrosPerSecond);
  EXPECT_EQ(s.next_fire(31 * kMicrosPerSecond, 0, kMicrosPerHour), 60 * kMicrosPerSecond);
}

TEST(JobSchedule, IntervalStopsBeforeLimit) {
  JobSchedule s;
  s.every = 30 * kMicrosPerSecond;
  EXPECT_FALSE(s.next_fire(30 * kMicrosPerSecond, 0, 60 * kMicrosPerSecond).has_value());
}

TEST(JobSchedule, ExpressionCountsFromEpoch) {
  const std::int64_t epoch = utc(2026, 3, 1, 2, 0, 0);
  JobSchedule s;
  s.expression = parse_ok("5 1 2 * * *");  // 02:01:05 each day
  EXPECT_EQ(s.next_fire(0, epoch, kMicrosPerHour), 65 * kMicrosPerSecond);
  EXPECT_EQ(s.next_fire(64 * kMicrosPerSecond + 1, epoch, kMicrosPerHour), 65 * kMicrosPerSecond);
  EXPECT_FALSE(s.next_fire(65 * kMicrosPerSecond, epoch, kMicrosPerHour).has_value());
}

TEST(JobSchedule, ExpressionFireAtLimitIsExcluded) {
  const std::int64_t epoch = utc(2026, 3, 1, 2, 0, 0);
  JobSchedule s;
  s.expression = parse_ok("*/30 * * * * *");
  EXPECT_EQ(s.next_fire(0, epoch, 60 * kMicrosPerSecond + 1), 30 * kMicrosPerSecond);
  EXPECT_EQ(s.next_fire(30 * kMicrosPerSecond, epoch, 60 * kMicrosPerSecond + 1), 60 * kMicrosPerSecond);
  EXPECT_FALSE(s.next_fire(30 * kMicrosPerSecond, epoch, 60 * kMicrosPerSecond).has_value());
}

TEST(JobSchedule, ExpressionNeverFiresAtZero) {
  const std::int64_t epoch = utc(2026, 3, 1, 2, 0, 0);
  JobSchedule s;
  s.expression = parse_ok("* * * * * *");
  EXPECT_EQ(s.next_fire(0, epoch, kMicrosPerHour), kMicrosPerSecond);
}

}  // namespace
}  // namespace freezedrill
