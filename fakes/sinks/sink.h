#ifndef FREEZEDRILL_FAKES_SINKS_SINK_H_
#define FREEZEDRILL_FAKES_SINKS_SINK_H_

#include <cstdint>
#include <string>

#include "sim/core/time.h"
#include "sim/history/events.h"

namespace freezedrill {

// One mutation about to reach storage, with what the storage audit records.
struct Mutation {
  std::string key;
  std::string value;
  std::string kind;             // put, delete, upsert, ...
  std::string origin;           // the actor whose work caused it
  std::uint64_t request_id = 0; // 0 for background work
  std::string idempotency_key;
  Micros admitted_at = kNoTime;
  std::int32_t instance = kNoInstance;
};

// Storage with a role. Every applied mutation is recorded in the history as
// mutation_applied (the storage audit); only `protected` sinks can leak.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual const std::string& name() const = 0;
  virtual SinkRole role() const = 0;
  virtual void apply(const Mutation& m) = 0;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SINKS_SINK_H_
