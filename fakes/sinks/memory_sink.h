#ifndef FREEZEDRILL_FAKES_SINKS_MEMORY_SINK_H_
#define FREEZEDRILL_FAKES_SINKS_MEMORY_SINK_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "fakes/sinks/sink.h"
#include "sim/runtime/runtime.h"

namespace freezedrill {

// An in-memory key-value store with a role: the reference deployment's KV
// store ("kv"), vector index ("vectors") and audit log ("audit"). apply()
// stores the value (a "delete" mutation erases the key) and records
// mutation_applied at runtime.now(), which is the storage audit the checks
// read. Keys are kept sorted, so iteration order is deterministic.
class MemorySink final : public Sink {
 public:
  MemorySink(Runtime& runtime, std::string name, SinkRole role);

  const std::string& name() const override { return name_; }
  SinkRole role() const override { return role_; }
  void apply(const Mutation& m) override;

  // The stored value of `key`, or nullptr when it is absent.
  const std::string* find(std::string_view key) const;
  std::size_t size() const { return values_.size(); }
  const std::map<std::string, std::string, std::less<>>& entries() const { return values_; }

 private:
  void record(const Mutation& m);

  Runtime& runtime_;
  std::string name_;
  SinkRole role_;
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SINKS_MEMORY_SINK_H_
