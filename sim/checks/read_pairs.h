#ifndef FREEZEDRILL_SIM_CHECKS_READ_PAIRS_H_
#define FREEZEDRILL_SIM_CHECKS_READ_PAIRS_H_

#include <vector>

#include "sim/core/time.h"
#include "sim/history/history.h"

namespace freezedrill {

// One read request a client sent and the response it got, matched by
// request id. Points into the history, which must outlive it.
struct ReadPair {
  Micros sent_at = 0;
  const ev::RequestSent* request = nullptr;
  Micros received_at = kNoTime;
  const ev::ResponseReceived* response = nullptr;  // null: no response recorded

  // Receive time minus send time. REQUIRES: response != nullptr.
  Micros latency() const { return received_at - sent_at; }
};

// Collects every request_sent with write = false and replay = false, in send
// order, each with the first response_received carrying its request id.
std::vector<ReadPair> collect_client_reads(const History& history);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_READ_PAIRS_H_
