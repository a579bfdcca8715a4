#include "sim/checks/read_pairs.h"

#include <unordered_map>

namespace freezedrill {

std::vector<ReadPair> collect_client_reads(const History& history) {
  std::vector<ReadPair> reads;
  std::unordered_map<std::uint64_t, std::size_t> index_by_request;

  for (const Event& e : history.events()) {
    if (const auto* request = std::get_if<ev::RequestSent>(&e.body)) {
      if (request->write || request->replay) continue;
      index_by_request[request->request_id] = reads.size();
      reads.push_back(ReadPair{e.t, request, kNoTime, nullptr});
      continue;
    }

    const auto* response = std::get_if<ev::ResponseReceived>(&e.body);
    if (response == nullptr) continue;
    auto it = index_by_request.find(response->request_id);
    if (it == index_by_request.end()) continue;
    ReadPair& pair = reads[it->second];
    if (pair.response != nullptr) continue;  // a duplicate response does not replace the first
    pair.received_at = e.t;
    pair.response = response;
  }
  return reads;
}

}  // namespace freezedrill
