#ifndef FREEZEDRILL_SIM_CHECKS_WRITE_PAIRS_H_
#define FREEZEDRILL_SIM_CHECKS_WRITE_PAIRS_H_

#include <vector>

#include "sim/core/time.h"
#include "sim/history/history.h"

namespace freezedrill {

// One write request a client sent and the response it got, matched by
// request id. Points into the history, which must outlive it.
struct WritePair {
  Micros sent_at = 0;
  const ev::RequestSent* request = nullptr;
  Micros received_at = kNoTime;
  const ev::ResponseReceived* response = nullptr;  // null: no response recorded

  // False for a missing response and for a transport failure (status 0).
  bool answered() const { return response != nullptr && response->status != 0; }
};

// Collects every request_sent with write = true and replay = false, in send
// order, each with the first response_received carrying its request id.
std::vector<WritePair> collect_client_writes(const History& history);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_WRITE_PAIRS_H_
