#include "sim/checks/retry_deadline.h"

#include "sim/checks/window.h"

namespace freezedrill {
namespace {

// Deadlines are held in microseconds. Clamping seconds to this bound (about
// 31,700 years, far outside any run) keeps every conversion inside int64.
constexpr std::int64_t kMaxDeadlineSeconds = 1'000'000'000'000;

Micros clamped_seconds(std::int64_t seconds) {
  return std::clamp(seconds, -kMaxDeadlineSeconds, kMaxDeadlineSeconds) * kMicrosPerSecond;
}

// A date is an instant on the sender's clock. With a Date header, the gap
// between the two is the wait and both clocks' offsets cancel out. Without
// one, the date can only be read against the epoch, so a client whose clock
// is a little ahead is excused by skew_tolerance.
void set_date_deadline(const History& history, const ev::ResponseReceived& response, Micros skew_tolerance,
                       RetryDeadline& deadline) {
  if (response.date != kNoTime) {
    deadline.at = deadline.received_at + clamped_seconds(deadline.value.date_unix - response.date);
    return;
  }
  deadline.without_date_header = true;
  Micros skew = std::min(skew_tolerance, kMaxDeadlineSeconds * kMicrosPerSecond);
  deadline.at = clamped_seconds(deadline.value.date_unix - history.header().epoch_unix) - skew;
}

}  // namespace

bool sets_retry_deadline(std::uint16_t status) { return status == 423 || status == 429 || status == 503; }

std::optional<RetryDeadline> read_retry_deadline(const History& history, const Attempt& attempt,
                                                 Micros skew_tolerance) {
  const ev::ResponseReceived& response = *attempt.response;
  if (!sets_retry_deadline(response.status)) return std::nullopt;

  RetryDeadline deadline;
  deadline.received_at = attempt.received_at;
  std::string_view raw = history.str(response.retry_after_raw);
  std::int64_t now_unix = unix_seconds_at(history, attempt.received_at);
  deadline.value = parse_retry_after(split_retry_after_raw(raw, response.retry_after_count), now_unix);
  if (!deadline.value.valid()) return std::nullopt;

  if (deadline.value.is_date()) {
    set_date_deadline(history, response, skew_tolerance, deadline);
  } else {
    deadline.at = attempt.received_at + clamped_seconds(deadline.value.delay_seconds);
  }
  return deadline;
}

}  // namespace freezedrill
