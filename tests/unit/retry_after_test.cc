#include "sim/http/retry_after.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace freezedrill {
namespace {

// 06 Nov 1994 08:49:37 UTC, the example date of RFC 9110.
constexpr std::int64_t kRfcExample = 784111777;
// 2026-01-01T00:00:00Z: "now" for the RFC 850 century rule.
constexpr std::int64_t kNow2026 = 1767225600;

RetryAfterValue parse_single_line(std::string_view value) {
  return parse_retry_after(std::vector<std::string_view>{value}, kNow2026);
}

bool error_contains(const RetryAfterValue& v, std::string_view part) {
  return v.error.find(part) != std::string::npos;
}

// HTTP-date forms.

TEST(HttpDate, ImfFixdateParses) {
  auto d = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", kNow2026);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->unix_seconds, kRfcExample);
  EXPECT_EQ(d->form, RetryAfterForm::kImfFixdate);
}

TEST(HttpDate, Rfc850Parses) {
  auto d = parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", kNow2026);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->unix_seconds, kRfcExample);
  EXPECT_EQ(d->form, RetryAfterForm::kRfc850);
}

TEST(HttpDate, AsctimeParses) {
  auto d = parse_http_date("Sun Nov  6 08:49:37 1994", kNow2026);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->unix_seconds, kRfcExample);
  EXPECT_EQ(d->form, RetryAfterForm::kAsctime);
}

TEST(HttpDate, AsctimeTwoDigitDayParses) {
  auto d = parse_http_date("Sun Nov 06 08:49:37 1994", kNow2026);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->unix_seconds, kRfcExample);
}

TEST(HttpDate, ImfWeekdayMismatchRejected) {
  EXPECT_FALSE(parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT", kNow2026).has_value());

  RetryAfterValue v = parse_single_line("Mon, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(v.form, RetryAfterForm::kInvalid);
  EXPECT_TRUE(error_contains(v, "weekday Mon does not match")) << v.error;
  EXPECT_TRUE(error_contains(v, "Sunday")) << v.error;
}

TEST(HttpDate, Rfc850FiftyYearsAheadStaysInCentury) {
  // 2076 is exactly 50 years after 2026, not more, so it is kept.
  auto d = parse_http_date("Wednesday, 01-Jan-76 00:00:00 GMT", kNow2026);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->unix_seconds, 3345062400);
}

TEST(HttpDate, Rfc850MoreThanFiftyYearsAheadGoesBack) {
  // 2077 would be 51 years ahead, so the year is 1977.
  auto d = parse_http_date("Saturday, 01-Jan-77 00:00:00 GMT", kNow2026);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->unix_seconds, 220924800);
}

TEST(HttpDate, Rfc850RecentPastAfterCenturyTurnGoesForward) {
  // Seen from 2090, "05" is 2105 (15 years ahead), not 2005.
  constexpr std::int64_t kNow2090 = 3786912000;  // 2090-01-01
  auto d = parse_http_date("Thursday, 01-Jan-05 00:00:00 GMT", kNow2090);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->unix_seconds, 4260211200);  // 2105-01-01
}

TEST(HttpDate, LeapDayInLeapYearParses) {
  auto d = parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT", kNow2026);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->unix_seconds, 951782400);
}

TEST(HttpDate, LeapDayInCommonYearRejected) {
  EXPECT_FALSE(parse_http_date("Wed, 29 Feb 2023 00:00:00 GMT", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Wed Feb 29 00:00:00 2023", kNow2026).has_value());

  RetryAfterValue v = parse_single_line("Wed, 29 Feb 2023 00:00:00 GMT");
  EXPECT_TRUE(error_contains(v, "day 29 is not in Feb 2023")) << v.error;
}

TEST(HttpDate, CenturyNotLeapRejected) {
  EXPECT_FALSE(parse_http_date("Mon Feb 29 00:00:00 2100", kNow2026).has_value());
}

TEST(HttpDate, OutOfRangeTimeRejected) {
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 24:00:00 GMT", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:60:00 GMT", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:61 GMT", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Sun, 00 Nov 1994 08:49:37 GMT", kNow2026).has_value());
}

TEST(HttpDate, LeapSecondCountsAsNextSecond) {
  auto d = parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT", kNow2026);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->unix_seconds, 1483228800);
}

TEST(HttpDate, NamesAreCaseSensitive) {
  EXPECT_FALSE(parse_http_date("sun, 06 Nov 1994 08:49:37 GMT", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Sun, 06 nov 1994 08:49:37 GMT", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 gmt", kNow2026).has_value());
}

TEST(HttpDate, LayoutErrorsRejected) {
  EXPECT_FALSE(parse_http_date("Sun, 6 Nov 1994 08:49:37 GMT", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT ", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Sun Nov 6 08:49:37 1994", kNow2026).has_value());
  EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-1994 08:49:37 GMT", kNow2026).has_value());
}

// Formatters.

TEST(HttpDate, FormattersWriteRfcExamples) {
  EXPECT_EQ(format_imf_fixdate(kRfcExample), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(format_rfc850(kRfcExample), "Sunday, 06-Nov-94 08:49:37 GMT");
  EXPECT_EQ(format_asctime(kRfcExample), "Sun Nov  6 08:49:37 1994");
}

TEST(HttpDate, AsctimeTwoDigitDayHasNoPadding) {
  EXPECT_EQ(format_asctime(1483228799), "Sat Dec 31 23:59:59 2016");
}

TEST(HttpDate, FormattersRoundTrip) {
  const std::vector<std::int64_t> dates = {0,           -1,         kRfcExample,  951782400,   4107542400,
                                           1772330400,  -2208988800, 253402300799, 1483228799, 784166400};
  for (std::int64_t t : dates) {
    SCOPED_TRACE(t);
    auto imf = parse_http_date(format_imf_fixdate(t), t);
    ASSERT_TRUE(imf.has_value());
    EXPECT_EQ(imf->unix_seconds, t);

    // RFC 850 keeps two year digits, so "now" must be within 50 years of t.
    auto rfc850 = parse_http_date(format_rfc850(t), t);
    ASSERT_TRUE(rfc850.has_value());
    EXPECT_EQ(rfc850->unix_seconds, t);

    auto asctime = parse_http_date(format_asctime(t), t);
    ASSERT_TRUE(asctime.has_value());
    EXPECT_EQ(asctime->unix_seconds, t);
  }
}

// Retry-After field values.

TEST(RetryAfter, NoLinesIsAbsent) {
  RetryAfterValue v = parse_retry_after({}, kNow2026);
  EXPECT_EQ(v.form, RetryAfterForm::kAbsent);
  EXPECT_FALSE(v.valid());
}

TEST(RetryAfter, DelaySecondsParse) {
  for (auto [text, seconds] : std::vector<std::pair<std::string_view, std::int64_t>>{{"0", 0}, {"1", 1}, {"120", 120}}) {
    SCOPED_TRACE(text);
    RetryAfterValue v = parse_single_line(text);
    EXPECT_EQ(v.form, RetryAfterForm::kDelaySeconds);
    EXPECT_EQ(v.delay_seconds, seconds);
    EXPECT_TRUE(v.valid());
    EXPECT_FALSE(v.is_date());
  }
}

TEST(RetryAfter, SurroundingWhitespaceIgnored) {
  RetryAfterValue v = parse_single_line(" \t120\t ");
  EXPECT_EQ(v.form, RetryAfterForm::kDelaySeconds);
  EXPECT_EQ(v.delay_seconds, 120);
}

TEST(RetryAfter, DelayUpToTwoToThe53Accepted) {
  RetryAfterValue v = parse_single_line("9007199254740992");
  EXPECT_EQ(v.form, RetryAfterForm::kDelaySeconds);
  EXPECT_EQ(v.delay_seconds, 9007199254740992);
}

TEST(RetryAfter, DelayAboveTwoToThe53Rejected) {
  RetryAfterValue v = parse_single_line("9007199254740993");
  EXPECT_EQ(v.form, RetryAfterForm::kInvalid);
  EXPECT_TRUE(error_contains(v, "too large")) << v.error;

  RetryAfterValue huge = parse_single_line("123456789012345678901234567890");
  EXPECT_TRUE(error_contains(huge, "too large")) << huge.error;
}

TEST(RetryAfter, DateValueParses) {
  RetryAfterValue v = parse_single_line("Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(v.form, RetryAfterForm::kImfFixdate);
  EXPECT_EQ(v.date_unix, kRfcExample);
  EXPECT_EQ(v.delay_seconds, -1);
  EXPECT_TRUE(v.is_date());
}

TEST(RetryAfter, InvalidValuesGiveReasons) {
  struct Case {
    std::string_view text;
    std::string_view reason;
  };
  const std::vector<Case> cases = {{"1.5", "fractional"},
                                   {"-1", "negative"},
                                   {"", "empty"},
                                   {" ", "empty"},
                                   {"+5", "signed"},
                                   {"abc", "not delay-seconds or an HTTP-date"},
                                   {"120, 120", "duplicated"},
                                   {"120,120", "duplicated"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    RetryAfterValue v = parse_single_line(c.text);
    EXPECT_EQ(v.form, RetryAfterForm::kInvalid);
    EXPECT_TRUE(error_contains(v, c.reason)) << v.error;
  }
}

TEST(RetryAfter, TwoFieldLinesDuplicated) {
  RetryAfterValue v = parse_retry_after({"120", "120"}, kNow2026);
  EXPECT_EQ(v.form, RetryAfterForm::kInvalid);
  EXPECT_EQ(v.error, "duplicated (2 field lines)");
}

TEST(RetryAfter, ListOfTwoDatesDuplicated) {
  RetryAfterValue v = parse_single_line("Sun, 06 Nov 1994 08:49:37 GMT, Sunday, 06-Nov-94 08:49:37 GMT");
  EXPECT_EQ(v.form, RetryAfterForm::kInvalid);
  EXPECT_EQ(v.error, "duplicated (2 values in one field line)");
}

TEST(RetryAfter, TrailingCommaNotAValue) {
  RetryAfterValue v = parse_single_line("120,");
  EXPECT_EQ(v.form, RetryAfterForm::kInvalid);
  EXPECT_TRUE(error_contains(v, "not delay-seconds or an HTTP-date")) << v.error;
}

TEST(RetryAfter, Rfc850DateNotMistakenForList) {
  RetryAfterValue v = parse_single_line("Sunday, 06-Nov-94 08:49:37 GMT");
  EXPECT_EQ(v.form, RetryAfterForm::kRfc850);
  EXPECT_EQ(v.date_unix, kRfcExample);
}

TEST(RetryAfter, MalformedDateNamesItsForm) {
  RetryAfterValue v = parse_single_line("Sun, 06 Nov 1994 08:49 GMT");
  EXPECT_EQ(v.form, RetryAfterForm::kInvalid);
  EXPECT_TRUE(error_contains(v, "IMF-fixdate")) << v.error;
}

// Raw values as recorded in a history.

TEST(RetryAfterRaw, CountZeroIsEmpty) {
  EXPECT_TRUE(split_retry_after_raw("", 0).empty());
  EXPECT_TRUE(split_retry_after_raw("120", 0).empty());
}

TEST(RetryAfterRaw, CountOneKeepsRaw) {
  std::vector<std::string_view> empty = split_retry_after_raw("", 1);
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0], "");

  std::vector<std::string_view> one = split_retry_after_raw("120", 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0], "120");
}

TEST(RetryAfterRaw, SeveralLinesSplit) {
  std::vector<std::string_view> lines = split_retry_after_raw("120\nSun, 06 Nov 1994 08:49:37 GMT", 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "120");
  EXPECT_EQ(lines[1], "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST(RetryAfterRaw, MissingSeparatorsPadToCount) {
  std::vector<std::string_view> lines = split_retry_after_raw("120", 3);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "120");
  EXPECT_EQ(lines[2], "");
}

}  // namespace
}  // namespace freezedrill
