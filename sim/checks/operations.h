#ifndef FREEZEDRILL_SIM_CHECKS_OPERATIONS_H_
#define FREEZEDRILL_SIM_CHECKS_OPERATIONS_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/core/time.h"
#include "sim/history/history.h"

namespace freezedrill {

// Position of an event in History::events(). Positions order events that
// share a time stamp the way they were recorded.
using EventIndex = std::size_t;
inline constexpr EventIndex kNoEventIndex = std::numeric_limits<EventIndex>::max();

// One attempt of a client operation: a request_sent and the first
// response_received carrying its request id. Points into the history, which
// must outlive it.
struct Attempt {
  EventIndex sent_index = 0;
  Micros sent_at = 0;
  const ev::RequestSent* request = nullptr;
  EventIndex received_index = kNoEventIndex;
  Micros received_at = kNoTime;
  const ev::ResponseReceived* response = nullptr;  // null: no response recorded

  // True when a response was recorded, a transport failure (status 0) included.
  bool answered() const { return response != nullptr; }
};

// An operation_given_up event matched to its operation.
struct GiveUp {
  EventIndex index = 0;
  Micros t = 0;
  const ev::OperationGivenUp* event = nullptr;
};

// A logical client request and every attempt at it. A request with an
// idempotency key belongs to the operation (actor, key), so every retry of a
// write lands in one operation. A request without a key (a read) is its own
// operation, keyed by (actor, op_id). Requests sent by the intent replayer
// are not client operations and are left out.
struct Operation {
  StrId actor = kNoStr;
  StrId idempotency_key = kNoStr;  // kNoStr for an operation without a key
  std::uint64_t op_id = 0;         // the first attempt's op_id
  bool write = false;              // the first attempt's write flag
  std::vector<Attempt> attempts;   // send order, never empty
  std::vector<GiveUp> give_ups;    // time order

  // The first give-up recorded after the event at `index`, or null.
  const GiveUp* give_up_after(EventIndex index) const;
};

// Groups every client request_sent (replay unset) into operations, ordered
// by the send time of their first attempt. Responses are paired by request
// id and give-ups by (actor, key) or, without a key, (actor, op_id).
std::vector<Operation> collect_operations(const History& history);

// Names an operation for messages: `key "web-12"`, or `operation 7` without a key.
std::string operation_label(const History& history, const Operation& operation);

// The time of the last event, or the run's planned duration if that is
// later: the end of what the history can show.
Micros history_end(const History& history);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_OPERATIONS_H_
