#include "sim/core/time.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace freezedrill {
namespace {

TEST(ParseDuration, UnitsParse) {
  EXPECT_EQ(parse_duration("250ms"), 250 * kMicrosPerMilli);
  EXPECT_EQ(parse_duration("2m"), 2 * kMicrosPerMinute);
  EXPECT_EQ(parse_duration("1h"), kMicrosPerHour);
  EXPECT_EQ(parse_duration("0s"), 0);
  EXPECT_EQ(parse_duration("90us"), 90);
  EXPECT_EQ(parse_duration("2d"), 2 * kMicrosPerDay);
}

TEST(ParseDuration, FractionParses) {
  EXPECT_EQ(parse_duration("1.5s"), 1500 * kMicrosPerMilli);
  EXPECT_EQ(parse_duration("0.25ms"), 250);
  EXPECT_EQ(parse_duration("1.0us"), 1);
}

TEST(ParseDuration, InvalidTextRejected) {
  const std::vector<std::string> inputs = {"", "5", "-1s", "+1s", "1.5us", "0.0005ms", "s", "1x", "1.s", ".5s",
                                           "1 s", "1S", "1e3s"};
  for (const std::string& text : inputs) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(parse_duration(text).has_value());
  }
}

TEST(ParseDuration, OverflowRejected) {
  EXPECT_FALSE(parse_duration("9223372036854775808us").has_value());
  EXPECT_FALSE(parse_duration("9999999999999999999999s").has_value());
  EXPECT_FALSE(parse_duration("10000000000000h").has_value());
  // The whole part fits, the fraction pushes it one past the maximum.
  EXPECT_FALSE(parse_duration("9223372036854.775808s").has_value());
}

TEST(ParseDuration, LargestValueAccepted) {
  EXPECT_EQ(parse_duration("9223372036854775807us"), std::numeric_limits<Micros>::max());
  EXPECT_EQ(parse_duration("9223372036854.775807s"), std::numeric_limits<Micros>::max());
}

TEST(FormatDuration, LargestExactUnitUsed) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(60 * kMicrosPerSecond), "1m");
  EXPECT_EQ(format_duration(1500 * kMicrosPerMilli), "1500ms");
  EXPECT_EQ(format_duration(90), "90us");
  EXPECT_EQ(format_duration(2 * kMicrosPerHour), "2h");
  EXPECT_EQ(format_duration(kMicrosPerDay), "24h");
  EXPECT_EQ(format_duration(-3 * kMicrosPerSecond), "-3s");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (Micros d : {Micros{1}, Micros{999}, kMicrosPerMilli, 61 * kMicrosPerSecond, 3 * kMicrosPerHour + 1}) {
    SCOPED_TRACE(d);
    EXPECT_EQ(parse_duration(format_duration(d)), d);
  }
}

TEST(FormatSeconds, SixDecimals) {
  EXPECT_EQ(format_seconds(12000250), "12.000250");
  EXPECT_EQ(format_seconds(0), "0.000000");
  EXPECT_EQ(format_seconds(-1500000), "-1.500000");
}

TEST(ParseRate, PerSecondAndPerMinute) {
  auto half = parse_rate("0.5/s");
  ASSERT_TRUE(half.has_value());
  EXPECT_EQ(half->numerator * 2, half->denominator);

  auto per_minute = parse_rate("30/m");
  ASSERT_TRUE(per_minute.has_value());
  EXPECT_EQ(per_minute->numerator * 2, per_minute->denominator);

  auto per_hour = parse_rate("3600/h");
  ASSERT_TRUE(per_hour.has_value());
  EXPECT_EQ(per_hour->numerator, per_hour->denominator);
}

TEST(ParseRate, InvalidTextRejected) {
  for (std::string_view text : {"", "5", "/s", "5/", "5/d", "-1/s", "1/sec", "a/s"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(parse_rate(text).has_value());
  }
}

TEST(FormatRate, PerSecondWithoutTrailingZeros) {
  EXPECT_EQ(format_rate(*parse_rate("0.5/s")), "0.5/s");
  EXPECT_EQ(format_rate(*parse_rate("30/m")), "0.5/s");
  EXPECT_EQ(format_rate(*parse_rate("400/s")), "400/s");
  EXPECT_EQ(format_rate(*parse_rate("0/s")), "0/s");
}

TEST(Rate, MeanInterval) {
  EXPECT_EQ(parse_rate("0.5/s")->mean_interval(), 2 * kMicrosPerSecond);
  EXPECT_EQ(parse_rate("400/s")->mean_interval(), 2500);
  EXPECT_EQ(parse_rate("1/h")->mean_interval(), kMicrosPerHour);
}

TEST(Rate, MeanIntervalAtLeastOne) {
  EXPECT_EQ(parse_rate("5000000/s")->mean_interval(), 1);
}

TEST(Rate, ZeroRateHasNoInterval) {
  Rate zero = *parse_rate("0/s");
  EXPECT_TRUE(zero.is_zero());
  EXPECT_EQ(zero.mean_interval(), std::numeric_limits<Micros>::max());
}

}  // namespace
}  // namespace freezedrill
