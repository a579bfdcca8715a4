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
  void restart_instance(int instance, Micros downtime);

  const FlagStore& flags() const { return flags_; }
  const MemorySink& kv() const { return kv_; }
  const MemorySink& vectors() const { return vectors_; }
  const MemorySink& audit() const { return audit_; }
  Micros window_end() const { return problems_.window_end(); }

 private:
  void admit(HttpRequest request, RouteMatch route, int index, ResponseHandler on_response);
  HttpResponse serve_admitted(const HttpRequest& request, const RouteMatch& route, const Admission& admission,
                              int index);
  std::optional<int> apply_replayed(const HttpRequest& request, const RouteMatch& route);
  void deliver_now(HttpResponse response, ResponseHandler on_response);
  void audit_event(std::string key, std::string value, std::string kind, std::string_view by);
  Instance& instance_at(int index);

  Runtime& runtime_;
  RunDirectory run_dir_;
  DeploymentSpec spec_;  // a copy: the router and the classifier point into it
  DefectSwitches defects_;
  MemorySink kv_;
  MemorySink vectors_;
  MemorySink audit_;
  FlagStore flags_;
  EndpointRouter router_;
  WriteClassifier classifier_;
  ProblemResponder problems_;
  std::vector<Instance> instances_;
  Gateway gateway_;
  ServiceLayer service_;
  IntentDesk desk_;
  bool replay_started_ = false;
};

namespace {

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
      audit_(runtime, "audit", SinkRole::kAudit),
      flags_(runtime, spec.instances, spec.flag_propagation),
      router_(spec_.endpoints),
      classifier_(spec_.endpoints, defects_),
      problems_(runtime, spec_, window, defects_),
      instances_(make_instances(spec_)),
      gateway_(router_, flags_, classifier_, defects_, window.mode == "maintenance"),
      service_(runtime, flags_, classifier_, problems_, ServiceSinks{kv_, vectors_}, defects_),
      desk_(runtime, spec_, flags_, problems_, router_, defects_, run_dir_.path() / kQueueFile) {
  flags_.set_view_listener([this](int instance, bool on) { service_.on_view_change(instance_at(instance), on); });
}

void ReferenceDeployment::Impl::send(HttpRequest request, ResponseHandler on_response) {
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
      admit(std::move(request), std::move(*decision.route), decision.instance, std::move(on_response));
      return;
  }
}

// The admission time is the gateway arrival. The service layer runs when
// the instance finishes the request, and may still refuse it then.
void ReferenceDeployment::Impl::admit(HttpRequest request, RouteMatch route, int index,
                                      ResponseHandler on_response) {
  Admission admission{runtime_.now(), flags_.on()};
  Micros finish = instance_at(index).admit(admission.at);

  runtime_.schedule_at(finish, Runtime::Lane::kActor,
                       [this, index, admission, request = std::move(request), route = std::move(route),
                        on_response = std::move(on_response)] {
                         on_response(serve_admitted(request, route, admission, index));
                       });
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

void ReferenceDeployment::Impl::restart_instance(int instance, Micros downtime) {
  instance_at(instance);  // validates the index before anything is recorded
  nlohmann::ordered_json detail;
  detail["downtime"] = format_duration(downtime);
  runtime_.record(ev::FaultInjected{runtime_.history().intern("instance_restart"), instance,
                                    runtime_.history().intern(detail.dump())});
  if (instance == kQueueHolder) desk_.restart_holder();
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
  runtime_.record(ev::FaultInjected{runtime_.history().intern("flag_late"), instance,
                                    runtime_.history().intern(detail.dump())});
  flags_.delay_view(instance, extra);
}

bool ReferenceDeployment::Impl::apply_background(int instance, Mutation mutation) {
  return service_.apply_background(instance_at(instance), std::move(mutation));
}

void ReferenceDeployment::Impl::apply_direct(Mutation mutation, ProtectedSink sink) {
  mutation.admitted_at = runtime_.now();
  (sink == ProtectedSink::kVectors ? vectors_ : kv_).apply(mutation);
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

void ReferenceDeployment::replay_queue(std::function<void()> done) { impl_->replay_queue(std::move(done)); }

void ReferenceDeployment::restart_instance(int instance, Micros downtime) {
  impl_->restart_instance(instance, downtime);
}

int ReferenceDeployment::instances() const { return impl_->flags().instances(); }
bool ReferenceDeployment::instance_sees_flag(int instance) const { return impl_->flags().view(instance); }

bool ReferenceDeployment::apply_background(int instance, Mutation mutation) {
  return impl_->apply_background(instance, std::move(mutation));
}

void ReferenceDeployment::apply_direct(Mutation mutation, ProtectedSink sink) {
  impl_->apply_direct(std::move(mutation), sink);
}

const MemorySink& ReferenceDeployment::kv_sink() const { return impl_->kv(); }
const MemorySink& ReferenceDeployment::vector_sink() const { return impl_->vectors(); }
const MemorySink& ReferenceDeployment::audit_sink() const { return impl_->audit(); }

}  // namespace freezedrill
