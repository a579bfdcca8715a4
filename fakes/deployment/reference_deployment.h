#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_REFERENCE_DEPLOYMENT_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_REFERENCE_DEPLOYMENT_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "fakes/banner/banner_pipeline.h"
#include "fakes/sinks/sink.h"
#include "fakes/transport/transport.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

class MemorySink;

// The protected sinks a background job can write to directly.
enum class ProtectedSink { kKv, kVectors };

// The in-process reference deployment: a gateway that reads the flag store
// at each request, in front of N instances, each with its own lagging view
// of the flag, a service-layer guard that reads the flag store again when a
// protected mutation is applied, and a capacity so overload shows as latency.
// It is correct by default; named defects (DeploymentSpec::defects) switch
// parts of the fencing off. It implements Transport: requests are answered
// after virtual latency, never inside send().
class ReferenceDeployment final : public Transport {
 public:
  ReferenceDeployment(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window);
  ~ReferenceDeployment() override;

  void send(HttpRequest request, ResponseHandler on_response) override;

  // The operator (or a chaos actor) writes the flag store: records flag_set
  // now and each instance's flag_seen after the propagation delay.
  void set_flag(bool on, std::string_view by);
  bool flag() const;

  // Moves the end of the window (records window_extended); Retry-After with
  // the until_end policy follows the new end.
  void extend_window(Micros new_end, std::string_view by);
  // The current end of the window: the planned E until extended.
  Micros window_end() const;

  // Delays instance i's view of the next flag changes by `extra` on top of
  // the propagation delay (the flag_late fault). Records fault_injected.
  void delay_instance_view(int instance, Micros extra);

  int instances() const;
  bool instance_sees_flag(int instance) const;

  // Calls `fn` once, in the flag's control-lane step, when the flag store
  // is off and every instance has seen it off (at once if they all have).
  // The runbook counts the soak from that moment.
  void when_flag_off_everywhere(std::function<void()> fn);

  // The banner origin, the cache in front of it and the status page.
  BannerPipeline& banner();

  // A background writer running inside `instance` applies a protected
  // mutation through the service layer, now: an "upsert" to the vector sink,
  // any other kind to the KV sink. Returns true if it was applied, false if
  // the guard refused it (the flag store is on).
  bool apply_background(int instance, Mutation mutation);

  // The unguarded path: a background job that writes straight to storage
  // (a cron script, a queue worker, a backfill) applies a protected mutation
  // to `sink` now. Nothing fences it, so the job must have checked flag()
  // itself before the unit of work that writes.
  void apply_direct(Mutation mutation, ProtectedSink sink);

  // The storage behind the deployment, for tests and reports: the protected
  // KV store ("kv") and vector index ("vectors"), and the audit log ("audit")
  // of flag writes and window extensions.
  const MemorySink& kv_sink() const;
  const MemorySink& vector_sink() const;
  const MemorySink& audit_sink() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_REFERENCE_DEPLOYMENT_H_
