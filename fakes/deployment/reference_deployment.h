#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_REFERENCE_DEPLOYMENT_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_REFERENCE_DEPLOYMENT_H_

#include <filesystem>
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

// The protected sinks a background job can write to directly: the KV store,
// the vector index, the document store and the record of tool side effects.
enum class ProtectedSink { kKv, kVectors, kDocuments, kSideEffects };

// The in-process reference deployment: a gateway that reads the flag store
// at each request, in front of N instances, each with its own lagging view
// of the flag, a service-layer guard that reads the flag store again when a
// protected mutation is applied, and a capacity so overload shows as latency.
// It is correct by default; named defects (DeploymentSpec::defects) switch
// parts of the fencing off. It implements Transport: requests are answered
// after virtual latency, never inside send().
class ReferenceDeployment final : public Transport {
 public:
  // The intent queue's SQLite file goes in `run_dir`; with an empty path the
  // deployment makes a temporary directory and removes it when destroyed.
  ReferenceDeployment(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window,
                      const std::filesystem::path& run_dir = {});
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

  // When the last instance sees the latest flag write: the time the views
  // settle, known as soon as the flag is written.
  Micros last_view_update() const;
  // True when every instance's view shows the store's value; a crashed,
  // partitioned or lagging instance keeps it false until it catches up.
  bool views_settled() const;
  // When an instance's view last changed (kNoTime before the first change).
  Micros last_view_change() const;

  // Replays the intent queue after the closure notice; `done` runs when it
  // is drained. With replay_before_soak the deployment has already started
  // its replay at the flip off and this does nothing.
  void replay_queue(std::function<void()> done);

  int instances() const;
  bool instance_sees_flag(int instance) const;
  bool instance_up(int instance) const;

  // --- Chaos faults. Each records fault_injected when it is injected. ---

  // Sends a request that its instance holds `hold` longer than usual before
  // processing it (a slow upload, a long lock wait). Nothing else changes:
  // the gateway decides at once and the guard runs when it is processed.
  void send_held(HttpRequest request, Micros hold, ResponseHandler on_response);

  // flag_lost: instance i's view misses every flag change from now on and
  // re-reads the store after `resync_after`.
  void lose_instance_view(int instance, Micros resync_after);

  // latency_spike: requests instance i admits in [now, now + length) are
  // answered `extra` later.
  void spike_latency(int instance, Micros length, Micros extra);

  // instance_restart: instance i crashes now and starts again after
  // `downtime`. While it is down the gateway routes around it; a read it was
  // processing is sent to another instance, a write it was processing is
  // answered 502. When it starts it re-reads the flag store, so it comes up
  // read-only inside the window, then the restart listeners run. Instance 0
  // holds the intent queue: its crash closes the queue, which opens again
  // from its file, and whatever was held only in memory is lost.
  void restart_instance(int instance, Micros downtime);

  // Called with the instance's index each time a restarted instance starts,
  // after it has re-read the flag store: the place for components that keep
  // state across a crash (such as a durable queue) to re-open it.
  using RestartListener = std::function<void(int instance)>;
  void add_restart_listener(RestartListener listener);

  // clock_skew: from now on the deployment's clock runs `offset` ahead of
  // the clients' (behind when negative).
  void skew_clock(Micros offset);

  // partition: instance i cannot reach the flag store for `length`. Its
  // view stops following the store and its guard fails closed (writes get
  // 503 flag_store_unreachable); reads keep working.
  void partition_instance(int instance, Micros length);

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
  // KV store ("kv"), vector index ("vectors"), document store ("documents")
  // and side effects ("side_effects"), and the audit log ("audit") of flag
  // writes and window extensions.
  const MemorySink& kv_sink() const;
  const MemorySink& vector_sink() const;
  const MemorySink& document_sink() const;
  const MemorySink& side_effect_sink() const;
  const MemorySink& audit_sink() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_REFERENCE_DEPLOYMENT_H_
