#include "sim/core/calendar.h"

#include <gtest/gtest.h>

#include <string>

namespace freezedrill {
namespace {

TEST(Calendar, DaysFromCivilKnownDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 2, 29), 11016);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2100, 3, 1), 47541);
  EXPECT_EQ(days_from_civil(1900, 1, 1), -25567);
}

TEST(Calendar, CivilFromUnixLeapDay) {
  CivilTime c = civil_from_unix(951782400 + 3723);  // 2000-02-29T01:02:03Z
  EXPECT_EQ(c.year, 2000);
  EXPECT_EQ(c.month, 2);
  EXPECT_EQ(c.day, 29);
  EXPECT_EQ(c.hour, 1);
  EXPECT_EQ(c.minute, 2);
  EXPECT_EQ(c.second, 3);
  EXPECT_EQ(c.weekday, 2);  // a Tuesday
}

TEST(Calendar, CivilFromUnixBeforeEpoch) {
  CivilTime c = civil_from_unix(-1);
  EXPECT_EQ(c.year, 1969);
  EXPECT_EQ(c.month, 12);
  EXPECT_EQ(c.day, 31);
  EXPECT_EQ(c.hour, 23);
  EXPECT_EQ(c.minute, 59);
  EXPECT_EQ(c.second, 59);
  EXPECT_EQ(c.weekday, 3);  // a Wednesday
}

TEST(Calendar, CivilFromUnixAfterSkippedLeapDay) {
  // 2100 is not a leap year: 28 Feb is followed by 1 March.
  CivilTime c = civil_from_unix(4107542400);
  EXPECT_EQ(c.year, 2100);
  EXPECT_EQ(c.month, 3);
  EXPECT_EQ(c.day, 1);
  EXPECT_EQ(c.weekday, 1);  // a Monday
}

TEST(Calendar, UnixCivilRoundTrip) {
  for (std::int64_t t : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{951782400}, std::int64_t{4107542400},
                         std::int64_t{-2208988800}, std::int64_t{1772330400}, std::int64_t{253402300799}}) {
    SCOPED_TRACE(t);
    EXPECT_EQ(unix_from_civil(civil_from_unix(t)), t);
  }
}

TEST(Rfc3339, ZuluParses) {
  EXPECT_EQ(parse_rfc3339("2026-03-01T02:00:00Z"), 1772330400);
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00z"), 0);
}

TEST(Rfc3339, OffsetsParse) {
  EXPECT_EQ(parse_rfc3339("2026-03-01T03:00:00+01:00"), 1772330400);
  EXPECT_EQ(parse_rfc3339("2026-02-28T20:30:00-05:30"), 1772330400);
  EXPECT_EQ(parse_rfc3339("2026-03-01T02:00:00+00:00"), 1772330400);
}

TEST(Rfc3339, LeapDayParses) {
  EXPECT_EQ(parse_rfc3339("2000-02-29T00:00:00Z"), 951782400);
}

TEST(Rfc3339, InvalidTextRejected) {
  for (std::string_view text :
       {"", "2026-03-01", "2026-03-01T02:00:00", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T02:60:00Z",
        "2026-03-01T02:00:60Z", "2026-03-01 02:00:00Z", "2026-03-01T02:00:00+0100", "2026-03-01T02:00:00+24:00",
        "2026/03/01T02:00:00Z", "2026-03-01T02:00:00ZZ"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(parse_rfc3339(text).has_value());
  }
}

TEST(Rfc3339, FormatRoundTrips) {
  EXPECT_EQ(format_rfc3339(1772330400), "2026-03-01T02:00:00Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(parse_rfc3339(format_rfc3339(951782400)), 951782400);
}

}  // namespace
}  // namespace freezedrill
