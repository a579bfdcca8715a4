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

}  // namespace freezedrill
