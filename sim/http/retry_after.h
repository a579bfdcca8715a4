#ifndef FREEZEDRILL_SIM_HTTP_RETRY_AFTER_H_
#define FREEZEDRILL_SIM_HTTP_RETRY_AFTER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/history/events.h"

namespace freezedrill {

// HTTP-date and Retry-After as RFC 9110 defines them (sections 5.6.7 and
// 10.2.3). Shared by the clients, which act on Retry-After, and the checks,
// which judge it; neither trusts the other's parse.

struct HttpDate {
  std::int64_t unix_seconds = 0;
  RetryAfterForm form = RetryAfterForm::kImfFixdate;  // kImfFixdate, kRfc850 or kAsctime
};

// Parses an HTTP-date in any of its three forms. For the two-digit year of
// RFC 850, a year that would be more than 50 years after now_unix is taken
// as the previous century (RFC 9110 section 5.6.7).
std::optional<HttpDate> parse_http_date(std::string_view text, std::int64_t now_unix);

std::string format_imf_fixdate(std::int64_t unix_seconds);  // "Sun, 06 Nov 1994 08:49:37 GMT"
std::string format_rfc850(std::int64_t unix_seconds);       // "Sunday, 06-Nov-94 08:49:37 GMT"
std::string format_asctime(std::int64_t unix_seconds);      // "Sun Nov  6 08:49:37 1994"

struct RetryAfterValue {
  RetryAfterForm form = RetryAfterForm::kAbsent;
  std::int64_t delay_seconds = -1;           // for kDelaySeconds
  std::int64_t date_unix = kNoTime;          // for the date forms
  std::string error;                         // for kInvalid: what is wrong

  bool valid() const {
    return form != RetryAfterForm::kAbsent && form != RetryAfterForm::kInvalid;
  }
  bool is_date() const {
    return form == RetryAfterForm::kImfFixdate || form == RetryAfterForm::kRfc850 ||
           form == RetryAfterForm::kAsctime;
  }
};

// Parses the Retry-After field lines of one response. No lines: kAbsent.
// More than one line, or one line holding a list: kInvalid ("duplicated").
// Leading and trailing optional whitespace is ignored. delay-seconds is
// 1*DIGIT: empty, signed, fractional or over 2^53 values are kInvalid.
RetryAfterValue parse_retry_after(const std::vector<std::string_view>& values, std::int64_t now_unix);

// The values of a ResponseReceived::retry_after_raw field: lines joined by '\n'.
std::vector<std::string_view> split_retry_after_raw(std::string_view raw, std::uint8_t count);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_HTTP_RETRY_AFTER_H_
