#ifndef FREEZEDRILL_SIM_CHECKS_RETRY_DEADLINE_H_
#define FREEZEDRILL_SIM_CHECKS_RETRY_DEADLINE_H_

#include <algorithm>
#include <cstdint>
#include <optional>

#include "sim/checks/operations.h"
#include "sim/core/time.h"
#include "sim/history/history.h"
#include "sim/http/retry_after.h"

namespace freezedrill {

// The instant before which a response's Retry-After tells the client not
// to send the next attempt of the same operation (RFC 9110 section 10.2.3).
struct RetryDeadline {
  Micros at = 0;  // in virtual time
  Micros received_at = 0;
  RetryAfterValue value;
  // An HTTP-date on a response without a Date header, so the date was read
  // against the epoch and the skew tolerance was subtracted.
  bool without_date_header = false;

  // The wait the deadline implies, counted from the receive time. A date in
  // the past gives 0.
  Micros wait() const { return std::max<Micros>(0, at - received_at); }
};

// True for the statuses whose Retry-After sets a deadline: 423 Locked
// (RFC 4918 section 11.3), 429 Too Many Requests (RFC 6585 section 4) and
// 503 Service Unavailable (RFC 9110 section 15.6.4).
bool sets_retry_deadline(std::uint16_t status);

// Reads the deadline an answered attempt sets, or nullopt when its status
// sets none or its Retry-After is absent or invalid. The raw field lines are
// parsed again, because the parse made while recording is not trusted.
//   delay-seconds:            receive time + delay
//   HTTP-date with Date:      receive time + (date - Date), both on the sender's clock
//   HTTP-date without Date:   the date in virtual time, minus skew_tolerance
// REQUIRES: attempt.answered().
std::optional<RetryDeadline> read_retry_deadline(const History& history, const Attempt& attempt,
                                                 Micros skew_tolerance);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_RETRY_DEADLINE_H_
