#ifndef FREEZEDRILL_SIM_HISTORY_HISTORY_H_
#define FREEZEDRILL_SIM_HISTORY_HISTORY_H_

#include <string_view>
#include <vector>

#include "sim/history/events.h"
#include "sim/history/header.h"
#include "sim/history/strings.h"

namespace freezedrill {

// An append-only log of one run: a header and time-ordered events. It alone
// suffices to re-check the run. Events are appended in non-decreasing time.
class History {
 public:
  HistoryHeader& header() { return header_; }
  const HistoryHeader& header() const { return header_; }

  StrId intern(std::string_view s) { return strings_.intern(s); }
  std::string_view str(StrId id) const { return strings_.get(id); }
  const StringTable& strings() const { return strings_; }

  template <typename Body>
  void append(Micros t, Body body) {
    events_.push_back(Event{t, EventBody(std::move(body))});
  }
  void append_event(Event e) { events_.push_back(std::move(e)); }

  const std::vector<Event>& events() const { return events_; }
  std::size_t size() const { return events_.size(); }

  // Read-drift embeddings; index 0 is reserved for "none".
  std::uint32_t add_embedding(std::vector<float> v);
  const std::vector<float>& embedding(std::uint32_t index) const { return embeddings_[index]; }
  std::size_t embedding_count() const { return embeddings_.size(); }

 private:
  HistoryHeader header_;
  StringTable strings_;
  std::vector<Event> events_;
  std::vector<std::vector<float>> embeddings_{std::vector<float>{}};
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_HISTORY_HISTORY_H_
