#include "fakes/sinks/memory_sink.h"

#include <utility>

namespace freezedrill {

MemorySink::MemorySink(Runtime& runtime, std::string name, SinkRole role)
    : runtime_(runtime), name_(std::move(name)), role_(role) {}

void MemorySink::apply(const Mutation& m) {
  if (m.kind == "delete") {
    auto it = values_.find(m.key);
    if (it != values_.end()) values_.erase(it);
  } else {
    values_.insert_or_assign(m.key, m.value);
  }
  record(m);
}

const std::string* MemorySink::find(std::string_view key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

void MemorySink::record(const Mutation& m) {
  History& history = runtime_.history();
  ev::MutationApplied event;
  event.sink = history.intern(name_);
  event.role = role_;
  event.key = history.intern(m.key);
  event.origin = history.intern(m.origin);
  event.request_id = m.request_id;
  event.idempotency_key = history.intern(m.idempotency_key);
  event.admitted_at = m.admitted_at;
  event.instance = m.instance;
  event.mutation = history.intern(m.kind);
  runtime_.record(event);
}

}  // namespace freezedrill
