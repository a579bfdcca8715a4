#ifndef FREEZEDRILL_SIM_CHECKS_INTENT_INDEX_H_
#define FREEZEDRILL_SIM_CHECKS_INTENT_INDEX_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/history/history.h"

namespace freezedrill {

// What the intent checks need from a history, gathered in one pass: every
// client request with an idempotency key, every response to one, the kept
// intents in enqueue order and the protected mutations that carry a key.
// Positions are event indices, so ties in time keep history order.
struct IntentIndex {
  struct Request {
    std::size_t index = 0;
    Micros t = 0;
    const ev::RequestSent* event = nullptr;
  };
  struct Response {
    std::size_t index = 0;
    Micros t = 0;
    const ev::ResponseReceived* event = nullptr;
  };
  struct Kept {
    std::size_t index = 0;
    Micros t = 0;
    const ev::IntentKept* event = nullptr;
  };
  struct Applied {
    std::size_t index = 0;
    Micros t = 0;
    const ev::MutationApplied* event = nullptr;
  };

  std::unordered_map<std::uint64_t, Request> requests;  // by request id, client requests only
  std::vector<Response> responses;                      // to client requests with a key
  std::vector<Kept> kept;                               // in enqueue order
  std::map<StrId, std::vector<Applied>> applied;        // protected mutations by idempotency key
  // The body the deployment took first for each key: that of the first kept
  // intent or of the first request answered 2xx or with a receipt (0:
  // unknown). A refusal without a receipt took nothing, so it sets no body.
  std::unordered_map<StrId, std::uint64_t> first_body;
  std::unordered_map<StrId, std::size_t> first_kept_at;  // key -> position in `kept`

  explicit IntentIndex(const History& history);

  // The key a response's request carried, or kNoStr.
  StrId key_of(const ev::ResponseReceived& response) const;
  // True when the request was sent with a body other than the key's first
  // body. Unknown hashes (0) never differ.
  bool changed_body(std::uint64_t request_id) const;
  // The first kept intent of a key, if any.
  const Kept* first_kept(StrId key) const;
};

// The critical flag of an endpoint in the header's catalogue; nullopt for an
// endpoint the catalogue does not list.
std::optional<bool> endpoint_critical(const HistoryHeader& header, std::string_view endpoint);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_INTENT_INDEX_H_
