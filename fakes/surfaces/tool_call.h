#ifndef FREEZEDRILL_FAKES_SURFACES_TOOL_CALL_H_
#define FREEZEDRILL_FAKES_SURFACES_TOOL_CALL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/surfaces/background_actor.h"
#include "fakes/surfaces/surface.h"
#include "sim/runtime/prng.h"

namespace freezedrill {

// An agent making tool calls at spec.rate (Poisson after a random phase, or
// evenly spaced with fixed arrivals) until the scenario's duration. Each call
// has a side effect with probability `side_effects`:
//
// - a read-only tool sends one read to `read_endpoint` for the key "kv-<n>",
//   recorded as request_sent and response_received like a client's read, so
//   reads_healthy counts it. It does not retry;
// - a side-effecting tool goes through the tool executor, which checks the
//   flag first (flag_polled with guard set, because the call caused it).
//   While the flag is on it defers the call, and checks again every
//   `recheck` (the agent's own polling) until the flag is off, then runs the
//   deferred calls in order. A call runs by writing "tool:<agent>-<n>" (mutation kind
//   "tool_side_effect") straight to the side_effects sink.
//
// With the defect tool_call_unguarded the executor runs every side effect at
// once, without the flag check, so calls in the window write protected
// storage. The actor, and the origin of its side effects, is spec.name.
class ToolCallAgent final : public Surface {
 public:
  ToolCallAgent(const SurfaceSpec& spec, SurfaceContext& context);

  std::string_view name() const override { return actor_.name(); }
  void start() override;

 private:
  void schedule_arrival(Micros t);
  void on_arrival();
  void call_read_tool();
  void call_side_effect_tool(std::uint64_t call);
  void schedule_recheck();
  void on_recheck();
  void run_side_effect(std::uint64_t call);

  Runtime& runtime_;
  Transport& transport_;
  BackgroundActor actor_;
  const EndpointSpec* read_endpoint_;  // nullptr when every call has a side effect
  ErrorCodeRule error_code_;
  double side_effects_;
  Micros recheck_;
  Micros mean_interval_;  // 0 for a zero rate, so the agent never calls
  bool fixed_arrivals_;
  int keys_;
  Micros duration_;
  bool guarded_;
  Prng rng_;
  std::uint64_t id_base_;
  std::uint64_t calls_ = 0;
  std::uint64_t requests_ = 0;
  std::deque<std::uint64_t> deferred_;  // side-effecting calls waiting for the flag to clear
  bool recheck_scheduled_ = false;
};

// The surface factory for kind "tool_call": one agent per spec.
std::vector<std::unique_ptr<Surface>> make_tool_call_agents(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_TOOL_CALL_H_
