#include "sim/checks/intent_index.h"

namespace freezedrill {

IntentIndex::IntentIndex(const History& history) {
  const std::vector<Event>& events = history.events();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (const auto* sent = std::get_if<ev::RequestSent>(&e.body)) {
      if (sent->replay || sent->idempotency_key == kNoStr) continue;
      requests[sent->request_id] = Request{i, e.t, sent};
    } else if (const auto* received = std::get_if<ev::ResponseReceived>(&e.body)) {
      auto request = requests.find(received->request_id);
      if (request == requests.end()) continue;
      responses.push_back(Response{i, e.t, received});
      bool taken = (received->status >= 200 && received->status < 300) || received->receipt != kNoStr;
      if (taken) first_body.try_emplace(request->second.event->idempotency_key, request->second.event->body_hash);
    } else if (const auto* kept_event = std::get_if<ev::IntentKept>(&e.body)) {
      first_kept_at.try_emplace(kept_event->idempotency_key, kept.size());
      first_body.try_emplace(kept_event->idempotency_key, kept_event->body_hash);
      kept.push_back(Kept{i, e.t, kept_event});
    } else if (const auto* m = std::get_if<ev::MutationApplied>(&e.body)) {
      if (m->role == SinkRole::kProtected && m->idempotency_key != kNoStr) {
        applied[m->idempotency_key].push_back(Applied{i, e.t, m});
      }
    }
  }
}

StrId IntentIndex::key_of(const ev::ResponseReceived& response) const {
  auto it = requests.find(response.request_id);
  return it == requests.end() ? kNoStr : it->second.event->idempotency_key;
}

bool IntentIndex::changed_body(std::uint64_t request_id) const {
  auto it = requests.find(request_id);
  if (it == requests.end()) return false;
  const ev::RequestSent& sent = *it->second.event;
  auto first = first_body.find(sent.idempotency_key);
  if (first == first_body.end() || first->second == 0 || sent.body_hash == 0) return false;
  return first->second != sent.body_hash;
}

const IntentIndex::Kept* IntentIndex::first_kept(StrId key) const {
  auto it = first_kept_at.find(key);
  return it == first_kept_at.end() ? nullptr : &kept[it->second];
}

std::optional<bool> endpoint_critical(const HistoryHeader& header, std::string_view endpoint) {
  for (const EndpointSpec& e : header.endpoints) {
    if (e.name == endpoint) return e.critical;
  }
  return std::nullopt;
}

}  // namespace freezedrill
