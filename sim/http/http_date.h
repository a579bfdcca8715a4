#ifndef FREEZEDRILL_SIM_HTTP_HTTP_DATE_H_
#define FREEZEDRILL_SIM_HTTP_HTTP_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/http/retry_after.h"

namespace freezedrill {

// The outcome of parsing one HTTP-date: the date, or the reason the text is
// not a valid one. parse_retry_after uses the reason as its error, so a
// rejected date names the field that is wrong.
struct HttpDateParse {
  std::optional<HttpDate> date;
  // Empty when date is set. kNotAnHttpDate when the text matches none of the
  // three layouts, else a sentence naming the form and the bad field.
  std::string error;
};

inline constexpr std::string_view kNotAnHttpDate = "not an HTTP-date";

// Parses like parse_http_date and also returns why a text was rejected.
HttpDateParse parse_http_date_explained(std::string_view text, std::int64_t now_unix);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_HTTP_HTTP_DATE_H_
