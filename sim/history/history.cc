#include "sim/history/history.h"

namespace freezedrill {

const EndpointSpec* HistoryHeader::find_endpoint(std::string_view name) const {
  for (const EndpointSpec& e : endpoints) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

std::uint32_t History::add_embedding(std::vector<float> v) {
  embeddings_.push_back(std::move(v));
  return static_cast<std::uint32_t>(embeddings_.size() - 1);
}

Micros History::end_at(Micros t) const {
  Micros end = header_.end;
  for (const Event& e : events_) {
    if (e.t > t) break;
    if (const auto* ext = std::get_if<ev::WindowExtended>(&e.body)) end = ext->new_end;
  }
  return end;
}

Micros History::final_end() const {
  Micros end = header_.end;
  for (const Event& e : events_) {
    if (const auto* ext = std::get_if<ev::WindowExtended>(&e.body)) end = ext->new_end;
  }
  return end;
}

}  // namespace freezedrill
