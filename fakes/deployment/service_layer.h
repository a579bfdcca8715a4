#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_SERVICE_LAYER_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_SERVICE_LAYER_H_

#include <string>
#include <string_view>
#include <vector>

#include "fakes/deployment/defect_switches.h"
#include "fakes/deployment/endpoint_router.h"
#include "fakes/deployment/flag_store.h"
#include "fakes/deployment/instance.h"
#include "fakes/deployment/problem_response.h"
#include "fakes/deployment/write_classifier.h"
#include "fakes/sinks/memory_sink.h"
#include "fakes/transport/transport.h"
#include "sim/runtime/runtime.h"

namespace freezedrill {

// The protected storage the service layer writes to, or a replica of it
// that it reads from.
struct ServiceSinks {
  MemorySink& kv;       // KV mutations and every kind without a sink of its own
  MemorySink& vectors;  // upserts and anything under /vectors
};

// Read-path settings of the service layer: the read endpoints whose handler
// also writes the caller's "last seen" time, and the replica that the
// stale_replica_reads defect reads from.
struct ReadSide {
  std::vector<std::string> last_seen_reads;  // endpoint names
  ServiceSinks replica;                      // never written: it stopped replicating at t = 0
};

// The gateway's admission of a request: its time and the flag value read then.
struct Admission {
  Micros at = 0;         // the gateway arrival
  bool flag_on = false;  // the flag store's value the gateway read then
};

// The code inside an instance that processes admitted requests and
// background writers' mutations. Its guard reads the flag store again at the
// moment a fenced mutation would be applied, so a write admitted before the
// flip and processed after it is refused rather than leaked. The guard
// records flag_polled only when it refuses, to keep histories small.
// With service_trusts_cached_view the guard reads the instance's lagging
// view instead of the store. With straddle_unchecked it trusts the gateway's
// read and skips the guard for requests admitted while the flag was off.
//
// A read of a `last_seen_reads` endpoint also puts "last_seen-<origin>"
// (mutation kind "touch") through the same guard. While the flag is on the
// guard refuses it, the refusal is recorded as flag_polled, and the read is
// answered as usual. With read_touch_fails the refused write fails the read
// with a 500 problem instead. With stale_replica_reads an instance other
// than 0 whose view sees the flag on serves reads from the replica, which
// holds none of the run's writes, so answers flip between instances.
class ServiceLayer {
 public:
  ServiceLayer(Runtime& runtime, const FlagStore& flags, const WriteClassifier& classifier,
               const ProblemResponder& problems, ServiceSinks sinks, ReadSide read_side,
               const DefectSwitches& defects);

  // Processes a request the gateway admitted; runs at the moment the
  // instance finishes it and returns the response to send.
  HttpResponse handle(const HttpRequest& request, const RouteMatch& route, const Admission& admission,
                      Instance& instance);

  // Applies a background writer's mutation now, unless the guard refuses
  // it: an "upsert" to the vector sink, any other kind to the KV sink.
  // Returns true if it was applied.
  bool apply_background(Instance& instance, Mutation mutation);

  // Applies a replayed intent now, unless the guard finds the flag store
  // on. Returns the response, or a refusal.
  HttpResponse apply_replay(const HttpRequest& request, const RouteMatch& route, Instance& instance);

  // Runs when a restarted instance starts. A correct instance comes up
  // read-only: while the flag is on (or it cannot reach the store) it skips
  // its startup migrations. With restart_runs_migrations it starts a
  // migration step whatever the flag says; the guard refuses the step while
  // the flag is on, and the instance, failing to start, answers every
  // request 500 until its next restart.
  void on_start(Instance& instance);

  // Follows a change of the instance's cached view. With reenable_latched
  // the instance engages a write block of its own when its view turns on,
  // and nothing ever releases it.
  void on_view_change(Instance& instance, bool on);

 private:
  // What the apply-time guard decides for one fenced mutation.
  enum class Guard { kAllow, kFrozen, kStoreUnreachable };
  Guard guard(Instance& instance, std::string_view mutation);
  HttpResponse guarded_write(const HttpRequest& request, const RouteMatch& route, const Admission& admission,
                             Instance& instance);
  bool run_migration_step(Instance& instance);
  bool guard_skipped(const Admission& admission) const;
  void record_refusal(const Instance& instance, bool from_store);

  HttpResponse apply_write(const HttpRequest& request, const RouteMatch& route, Micros admitted_at,
                           const Instance& instance);
  HttpResponse serve_read(const HttpRequest& request, const RouteMatch& route, Instance& instance);
  bool touch_last_seen(const HttpRequest& request, const RouteMatch& route, Instance& instance);
  HttpResponse serve_lookup(const RouteMatch& route, const ServiceSinks& sinks) const;
  HttpResponse serve_search(const ServiceSinks& sinks) const;
  MemorySink& sink_for(const EndpointSpec& endpoint) const;
  static MemorySink& sink_in(const ServiceSinks& sinks, const EndpointSpec& endpoint);

  Runtime& runtime_;
  const FlagStore& flags_;
  const WriteClassifier& classifier_;
  const ProblemResponder& problems_;
  ServiceSinks sinks_;
  ReadSide read_side_;
  bool guard_background_;
  bool latch_write_block_;
  bool guard_reads_view_;      // service_trusts_cached_view
  bool trust_admission_flag_;  // straddle_unchecked
  bool touch_fails_read_;      // read_touch_fails
  bool stale_replica_reads_;   // stale_replica_reads
  bool migrate_on_start_;      // restart_runs_migrations
  std::uint64_t migration_steps_ = 0;
};

// The storage key a request writes or reads: the first placeholder of its
// path template, else the endpoint's name.
std::string storage_key(const RouteMatch& route);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_SERVICE_LAYER_H_
