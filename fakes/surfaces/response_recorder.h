#ifndef FREEZEDRILL_FAKES_SURFACES_RESPONSE_RECORDER_H_
#define FREEZEDRILL_FAKES_SURFACES_RESPONSE_RECORDER_H_

#include <cstdint>
#include <string>

#include "fakes/transport/transport.h"
#include "sim/core/time.h"
#include "sim/history/events.h"
#include "sim/history/header.h"
#include "sim/history/history.h"

namespace freezedrill {

// Builds the response_received event for one response, appends it to `h` at
// `now` and returns it, so the caller can act on the same parse the history
// holds.
//
// What it extracts:
// - every Retry-After field line (count and raw values joined by '\n') and
//   their parse (RFC 9110 section 10.2.3);
// - the Date header as Unix seconds, kNoTime when absent or not an HTTP-date;
// - Content-Type, Cache-Control (lines joined by ", "), Age (RFC 9111
//   section 5.1, -1 when absent or not delta-seconds) and the transport error;
// - the receipt: the Freeze-Intent header, else the `receipt` member of a
//   problem+json body;
// - the error code, by `rule`. When `rule.header` is set, that header's
//   value. Else, when `rule.pointer` is set, the value at that pointer in a
//   JSON body. Else the problem+json (RFC 9457) `code` member, or its `type`.
//   A rule that is set but finds nothing gives no code, without falling back
//   to problem+json.
// Bodies are parsed only for non-2xx responses, because only refusals carry
// codes and receipts in the body and parsing every success would be costly.
ev::ResponseReceived record_response(History& h, std::int64_t epoch_unix, Micros now, const HttpRequest& req,
                                     const HttpResponse& resp, Micros sent_at, std::uint64_t op_id,
                                     const std::string& actor, bool write, const ErrorCodeRule& rule);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_RESPONSE_RECORDER_H_
