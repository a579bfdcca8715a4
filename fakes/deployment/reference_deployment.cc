#include "fakes/deployment/reference_deployment.h"

#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fakes/deployment/defect_switches.h"
#include "fakes/deployment/endpoint_router.h"
#include "fakes/deployment/flag_store.h"
#include "fakes/deployment/gateway.h"
#include "fakes/deployment/instance.h"
#include "fakes/deployment/intent_desk.h"
#include "fakes/deployment/problem_response.h"
#include "fakes/deployment/service_layer.h"
#include "fakes/deployment/write_classifier.h"
#include "fakes/queue/run_directory.h"
#include "fakes/sinks/memory_sink.h"
#include "sim/core/calendar.h"

namespace freezedrill {

// Owns the parts and wires them: requests go gateway -> instance queue ->
// service layer. Flag writes go to the store, the gateway's deny rule and,
// through the view listener, the service layer. Member order matters: each
// part refers to the ones declared before it.
class ReferenceDeployment::Impl {
 public:
  Impl(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window, const std::filesystem::path& run_dir);

  void send(HttpRequest request, ResponseHandler on_response);
  void set_flag(bool on, std::string_view by);
  void extend_window(Micros new_end, std::string_view by);
  void delay_instance_view(int instance, Micros extra);
  bool apply_background(int instance, Mutation mutation);
  void apply_direct(Mutation mutation, ProtectedSink sink);
  void replay_queue(std::function<void()> done);

  void send_held(HttpRequest request, Micros hold, ResponseHandler on_response);
  void lose_instance_view(int instance, Micros resync_after);
  void spike_latency(int instance, Micros length, Micros extra);
  void restart_instance(int instance, Micros downtime);
  void add_restart_listener(RestartListener listener) { restart_listeners_.push_back(std::move(listener)); }
  void skew_clock(Micros offset);
  void partition_instance(int instance, Micros length);
  bool instance_up(int instance) { return instance_at(instance).up(); }

  const FlagStore& flags() const { return flags_; }
  FlagStore& flags() { return flags_; }
  BannerPipeline& banner() { return banner_; }
  const MemorySink& kv() const { return kv_; }
  const MemorySink& vectors() const { return vectors_; }
  const MemorySink& documents() const { return documents_; }
  const MemorySink& side_effects() const { return side_effects_; }
  const MemorySink& audit() const { return audit_; }
  Micros window_end() const { return problems_.window_end(); }

 private:
  void admit(HttpRequest request, RouteMatch route, int index, ResponseHandler on_response, Micros hold = 0);
  HttpResponse serve_admitted(const HttpRequest& request, const RouteMatch& route, const Admission& admission,
                              int index);
  std::optional<int> apply_replayed(const HttpRequest& request, const RouteMatch& route);
  void process(const HttpRequest& request, const RouteMatch& route, int index, const Admission& admission,
               std::uint64_t generation, const ResponseHandler& on_response);
  void start_instance(int index);
  void expire_flag_lease();
  void record_fault(std::string_view fault, int instance, const nlohmann::ordered_json& detail);
  void deliver_now(HttpResponse response, ResponseHandler on_response);
  void audit_event(std::string key, std::string value, std::string kind, std::string_view by);
  Instance& instance_at(int index);

  Runtime& runtime_;
  RunDirectory run_dir_;
  DeploymentSpec spec_;  // a copy: the router and the classifier point into it
  DefectSwitches defects_;
  MemorySink kv_;
  MemorySink vectors_;
  MemorySink documents_;
  MemorySink side_effects_;
  MemorySink audit_;
  // The replica stale_replica_reads reads from. Nothing writes to it.
  MemorySink replica_kv_;
  MemorySink replica_vectors_;
  FlagStore flags_;
  EndpointRouter router_;
  WriteClassifier classifier_;
  ProblemResponder problems_;
  std::vector<Instance> instances_;
  Gateway gateway_;
  ServiceLayer service_;
  IntentDesk desk_;
  bool replay_started_ = false;
  std::vector<RestartListener> restart_listeners_;
  BannerPipeline banner_;
};

namespace {

// The instance whose process keeps the flag alive under flag_lost_on_restart,
// and runs the switch-off under reenable_lost_in_crash.
constexpr int kFlagHolder = 0;
// How long a flag lease outlives the last refresh of its holder.
constexpr Micros kFlagLeaseTtl = kMicrosPerSecond;
constexpr std::int64_t kNoInstanceRetryAfterSeconds = 1;

std::vector<Instance> make_instances(const DeploymentSpec& spec) {
  if (spec.instances < 1) throw std::invalid_argument("ReferenceDeployment: instances must be at least 1");
  std::vector<Instance> instances;
  Micros service_time = service_time_for(spec.capacity);
  for (int i = 0; i < spec.instances; ++i) instances.emplace_back(i, service_time, spec.latency);
  return instances;
}

constexpr const char* kQueueFile = "intents.sqlite";

// A kept directory may hold the queue of an earlier run with the same name
// and seed; a run starts from an empty queue, so that file goes first.
RunDirectory run_directory_for(const std::filesystem::path& run_dir) {
  if (run_dir.empty()) return RunDirectory::temporary();
  RunDirectory dir = RunDirectory::kept(run_dir);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(dir.path() / (std::string(kQueueFile) + suffix));
  }
  return dir;
}
constexpr int kQueueHolder = 0;

}  // namespace

ReferenceDeployment::Impl::Impl(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window,
                                const std::filesystem::path& run_dir)
    : runtime_(runtime),
      run_dir_(run_directory_for(run_dir)),
      spec_(spec),
      defects_(DefectSwitches::from_names(spec.defects)),
      kv_(runtime, "kv", SinkRole::kProtected),
      vectors_(runtime, "vectors", SinkRole::kProtected),
      documents_(runtime, "documents", SinkRole::kProtected),
      side_effects_(runtime, "side_effects", SinkRole::kProtected),
      audit_(runtime, "audit", SinkRole::kAudit),
      replica_kv_(runtime, "replica_kv", SinkRole::kProtected),
      replica_vectors_(runtime, "replica_vectors", SinkRole::kProtected),
      flags_(runtime, spec.instances, spec.flag_propagation),
      router_(spec_.endpoints),
      classifier_(spec_.endpoints, defects_),
      problems_(runtime, spec_, window, defects_),
      instances_(make_instances(spec_)),
      gateway_(router_, flags_, classifier_, defects_, window.mode == "maintenance", instances_),
      service_(runtime, flags_, classifier_, problems_, ServiceSinks{kv_, vectors_},
               ReadSide{spec_.last_seen_reads, ServiceSinks{replica_kv_, replica_vectors_}}, defects_),
      desk_(runtime, spec_, flags_, problems_, router_, defects_, run_dir_.path() / kQueueFile),
      banner_(runtime, spec_.banner, defects_.banner) {
  flags_.set_view_listener([this](int instance, bool on) { service_.on_view_change(instance_at(instance), on); });
}

void ReferenceDeployment::Impl::send(HttpRequest request, ResponseHandler on_response) {
  send_held(std::move(request), 0, std::move(on_response));
}

void ReferenceDeployment::Impl::send_held(HttpRequest request, Micros hold, ResponseHandler on_response) {
  GatewayDecision decision = gateway_.route(request);
  switch (decision.outcome) {
    case GatewayDecision::Outcome::kNotFound:
      deliver_now(problems_.not_found("No endpoint matches " + request.method + " " + request.path + "."),
                  std::move(on_response));
      return;
    case GatewayDecision::Outcome::kRefuse: {
      HttpResponse refusal = problems_.refusal(decision.instance);
      if (decision.route->endpoint->write) desk_.on_refused(request, *decision.route, refusal);
      deliver_now(std::move(refusal), std::move(on_response));
      return;
    }
    case GatewayDecision::Outcome::kAdmit:
      if (std::optional<HttpResponse> known = desk_.screen(request, *decision.route, decision.instance)) {
        deliver_now(std::move(*known), std::move(on_response));
        return;
      }
      admit(std::move(request), std::move(*decision.route), decision.instance, std::move(on_response), hold);
      return;
    case GatewayDecision::Outcome::kUnavailable:
      deliver_now(problems_.unavailable(-1, "no_instance_available", "Every instance is down.",
                                        kNoInstanceRetryAfterSeconds),
                  std::move(on_response));
      return;
  }
}


// The admission time is the gateway arrival. The service layer runs when
// the instance finishes the request, and may still refuse it then.
void ReferenceDeployment::Impl::admit(HttpRequest request, RouteMatch route, int index,
                                      ResponseHandler on_response, Micros hold) {
  Admission admission{runtime_.now(), flags_.on()};
  Instance& instance = instance_at(index);
  Micros finish = instance.admit(admission.at) + hold;
  std::uint64_t generation = instance.generation();

  runtime_.schedule_at(finish, Runtime::Lane::kActor,
                       [this, index, admission, generation, request = std::move(request), route = std::move(route),
                        on_response = std::move(on_response)] {
                         process(request, route, index, admission, generation, on_response);
                       });
}

// A request whose instance crashed after admitting it is lost with the
// process. The gateway sends a lost read to another instance, because reads
// are safe to repeat, and answers a lost write 502: it cannot know whether
// the write was applied, so the client decides.
void ReferenceDeployment::Impl::process(const HttpRequest& request, const RouteMatch& route, int index,
                                        const Admission& admission, std::uint64_t generation,
                                        const ResponseHandler& on_response) {
  if (instance_at(index).generation() == generation) {
    on_response(serve_admitted(request, route, admission, index));
    return;
  }
  if (route.endpoint->write) {
    on_response(problems_.server_error(502, index, "The instance crashed while processing the request."));
    return;
  }
  int other = gateway_.pick_instance();
  if (other < 0) {
    on_response(problems_.unavailable(-1, "no_instance_available", "Every instance is down.",
                                      kNoInstanceRetryAfterSeconds));
    return;
  }
  admit(request, route, other, on_response);
}

// A write the guard refuses goes to the intent desk like a gateway refusal,
// and a write applied at once leaves its answer for deduplication.
HttpResponse ReferenceDeployment::Impl::serve_admitted(const HttpRequest& request, const RouteMatch& route,
                                                       const Admission& admission, int index) {
  HttpResponse response = service_.handle(request, route, admission, instance_at(index));
  if (!route.endpoint->write) return response;
  desk_.on_answered(request, response);
  if (response.status == 423 || response.status == 503) desk_.on_refused(request, route, response);
  return response;
}

std::optional<int> ReferenceDeployment::Impl::apply_replayed(const HttpRequest& request, const RouteMatch& route) {
  HttpResponse response = service_.apply_replay(request, route, instance_at(kQueueHolder));
  if (response.status < 200 || response.status >= 300) return std::nullopt;
  return response.status;
}

void ReferenceDeployment::Impl::replay_queue(std::function<void()> done) {
  if (replay_started_) return;
  replay_started_ = true;
  desk_.replay([this](const HttpRequest& request, const RouteMatch& route) { return apply_replayed(request, route); },
               std::move(done));
}

// Gateway responses arrive at once. A refusal names the instance the gateway
// picked, and a 404 names none, because the request was never routed.
void ReferenceDeployment::Impl::deliver_now(HttpResponse response, ResponseHandler on_response) {
  runtime_.schedule_at(runtime_.now(), Runtime::Lane::kActor,
                       [response = std::move(response), on_response = std::move(on_response)] {
                         on_response(response);
                       });
}

void ReferenceDeployment::Impl::set_flag(bool on, std::string_view by) {
  // reenable_lost_in_crash: the switch-off is a step of the holder process,
  // so while it is down the step is lost and nothing resumes it.
  if (!on && defects_.reenable_lost_in_crash && !instance_at(kFlagHolder).up()) return;
  flags_.set(on, by);
  gateway_.on_flag_set(on);
  audit_event("read_only", on ? "on" : "off", "flag_set", by);
  // replay_before_soak: the replay follows the flip off at once, with no
  // soak and before the closure notice.
  if (!on && desk_.replays_at_flip_off()) replay_queue({});
}

void ReferenceDeployment::Impl::extend_window(Micros new_end, std::string_view by) {
  runtime_.record(ev::WindowExtended{new_end, runtime_.history().intern(by)});
  problems_.set_window_end(new_end);
  audit_event("window_end", format_rfc3339(runtime_.epoch_unix() + new_end / kMicrosPerSecond), "window_extended",
              by);
}

void ReferenceDeployment::Impl::delay_instance_view(int instance, Micros extra) {
  instance_at(instance);  // validates the index before anything is recorded
  nlohmann::ordered_json detail;
  detail["delay"] = format_duration(extra);
  record_fault("flag_late", instance, detail);
  flags_.delay_view(instance, extra);
}

void ReferenceDeployment::Impl::record_fault(std::string_view fault, int instance,
                                             const nlohmann::ordered_json& detail) {
  History& h = runtime_.history();
  runtime_.record(ev::FaultInjected{h.intern(fault), instance, h.intern(detail.dump())});
}

void ReferenceDeployment::Impl::lose_instance_view(int instance, Micros resync_after) {
  instance_at(instance);
  record_fault("flag_lost", instance, {{"resync_after", format_duration(resync_after)}});
  flags_.detach_view(instance);
  runtime_.schedule_at(runtime_.now() + resync_after, Runtime::Lane::kControl,
                       [this, instance] { flags_.attach_view(instance); });
}

void ReferenceDeployment::Impl::spike_latency(int instance, Micros length, Micros extra) {
  Instance& target = instance_at(instance);
  nlohmann::ordered_json detail;
  detail["length"] = format_duration(length);
  detail["extra"] = format_duration(extra);
  record_fault("latency_spike", instance, detail);
  target.add_latency_spike(runtime_.now(), runtime_.now() + length, extra);
}

void ReferenceDeployment::Impl::restart_instance(int instance, Micros downtime) {
  Instance& target = instance_at(instance);
  record_fault("instance_restart", instance, {{"downtime", format_duration(downtime)}});
  if (!target.up()) return;  // already down: the restart already planned brings it back

  target.crash();
  flags_.detach_view(instance);
  // The queue holder's process loses what it kept in memory; a durable queue
  // re-opens the same file.
  if (instance == kQueueHolder) desk_.restart_holder();
  if (defects_.flag_lost_on_restart && instance == kFlagHolder && flags_.on()) {
    runtime_.schedule_at(runtime_.now() + kFlagLeaseTtl, Runtime::Lane::kControl, [this] { expire_flag_lease(); });
  }
  runtime_.schedule_at(runtime_.now() + downtime, Runtime::Lane::kControl,
                       [this, instance] { start_instance(instance); });
}

// flag_lost_on_restart: the flag is a key with a time to live that only the
// holder's refresher renews, so with the holder gone it expires, and the
// restarted process does not know it ever set it.
void ReferenceDeployment::Impl::expire_flag_lease() {
  if (flags_.on()) set_flag(false, "lease_expired");
}

// The process starts with the store's value of the flag, so an instance
// restarted inside the window comes up read-only.
void ReferenceDeployment::Impl::start_instance(int index) {
  Instance& instance = instance_at(index);
  instance.start();
  flags_.attach_view(index);
  for (const RestartListener& listener : restart_listeners_) listener(index);
  service_.on_start(instance);
}

void ReferenceDeployment::Impl::skew_clock(Micros offset) {
  nlohmann::ordered_json detail;
  detail["offset"] = offset < 0 ? "-" + format_duration(-offset) : format_duration(offset);
  record_fault("clock_skew", kNoInstance, detail);
  problems_.set_clock_offset(offset);
}

void ReferenceDeployment::Impl::partition_instance(int instance, Micros length) {
  Instance& target = instance_at(instance);
  record_fault("partition", instance, {{"length", format_duration(length)}});
  target.set_partitioned(true);
  flags_.detach_view(instance);
  runtime_.schedule_at(runtime_.now() + length, Runtime::Lane::kControl, [this, instance] {
    instance_at(instance).set_partitioned(false);
    flags_.attach_view(instance);
  });
}

bool ReferenceDeployment::Impl::apply_background(int instance, Mutation mutation) {
  return service_.apply_background(instance_at(instance), std::move(mutation));
}

void ReferenceDeployment::Impl::apply_direct(Mutation mutation, ProtectedSink sink) {
  mutation.admitted_at = runtime_.now();
  switch (sink) {
    case ProtectedSink::kKv: kv_.apply(mutation); return;
    case ProtectedSink::kVectors: vectors_.apply(mutation); return;
    case ProtectedSink::kDocuments: documents_.apply(mutation); return;
    case ProtectedSink::kSideEffects: side_effects_.apply(mutation); return;
  }
}

// The operator's changes go to the audit log, as a real service logs admin
// actions. no_write_leak judges only protected sinks, so these never leak.
void ReferenceDeployment::Impl::audit_event(std::string key, std::string value, std::string kind,
                                            std::string_view by) {
  Mutation m;
  m.key = std::move(key);
  m.value = std::move(value);
  m.kind = std::move(kind);
  m.origin = std::string(by);
  m.admitted_at = runtime_.now();
  audit_.apply(m);
}

Instance& ReferenceDeployment::Impl::instance_at(int index) {
  if (index < 0 || index >= static_cast<int>(instances_.size())) {
    throw std::out_of_range("ReferenceDeployment: no instance " + std::to_string(index));
  }
  return instances_[static_cast<std::size_t>(index)];
}

ReferenceDeployment::ReferenceDeployment(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window,
                                         const std::filesystem::path& run_dir)
    : impl_(std::make_unique<Impl>(runtime, spec, window, run_dir)) {}

ReferenceDeployment::~ReferenceDeployment() = default;

void ReferenceDeployment::send(HttpRequest request, ResponseHandler on_response) {
  impl_->send(std::move(request), std::move(on_response));
}

void ReferenceDeployment::set_flag(bool on, std::string_view by) { impl_->set_flag(on, by); }
bool ReferenceDeployment::flag() const { return impl_->flags().on(); }

void ReferenceDeployment::extend_window(Micros new_end, std::string_view by) { impl_->extend_window(new_end, by); }
Micros ReferenceDeployment::window_end() const { return impl_->window_end(); }

void ReferenceDeployment::delay_instance_view(int instance, Micros extra) {
  impl_->delay_instance_view(instance, extra);
}

Micros ReferenceDeployment::last_view_update() const { return impl_->flags().last_view_update(); }
bool ReferenceDeployment::views_settled() const { return impl_->flags().settled(); }
Micros ReferenceDeployment::last_view_change() const { return impl_->flags().last_view_change(); }

void ReferenceDeployment::replay_queue(std::function<void()> done) { impl_->replay_queue(std::move(done)); }

int ReferenceDeployment::instances() const { return impl_->flags().instances(); }
bool ReferenceDeployment::instance_sees_flag(int instance) const { return impl_->flags().view(instance); }
bool ReferenceDeployment::instance_up(int instance) const { return impl_->instance_up(instance); }

void ReferenceDeployment::send_held(HttpRequest request, Micros hold, ResponseHandler on_response) {
  impl_->send_held(std::move(request), hold, std::move(on_response));
}
void ReferenceDeployment::lose_instance_view(int instance, Micros resync_after) {
  impl_->lose_instance_view(instance, resync_after);
}
void ReferenceDeployment::spike_latency(int instance, Micros length, Micros extra) {
  impl_->spike_latency(instance, length, extra);
}
void ReferenceDeployment::restart_instance(int instance, Micros downtime) {
  impl_->restart_instance(instance, downtime);
}
void ReferenceDeployment::add_restart_listener(RestartListener listener) {
  impl_->add_restart_listener(std::move(listener));
}
void ReferenceDeployment::skew_clock(Micros offset) { impl_->skew_clock(offset); }
void ReferenceDeployment::partition_instance(int instance, Micros length) {
  impl_->partition_instance(instance, length);
}

BannerPipeline& ReferenceDeployment::banner() { return impl_->banner(); }

bool ReferenceDeployment::apply_background(int instance, Mutation mutation) {
  return impl_->apply_background(instance, std::move(mutation));
}

void ReferenceDeployment::apply_direct(Mutation mutation, ProtectedSink sink) {
  impl_->apply_direct(std::move(mutation), sink);
}

const MemorySink& ReferenceDeployment::kv_sink() const { return impl_->kv(); }
const MemorySink& ReferenceDeployment::vector_sink() const { return impl_->vectors(); }
const MemorySink& ReferenceDeployment::document_sink() const { return impl_->documents(); }
const MemorySink& ReferenceDeployment::side_effect_sink() const { return impl_->side_effects(); }
const MemorySink& ReferenceDeployment::audit_sink() const { return impl_->audit(); }

}  // namespace freezedrill
