#include "fakes/deployment/reference_deployment.h"

#include <stdexcept>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fakes/deployment/defect_switches.h"
#include "fakes/deployment/endpoint_router.h"
#include "fakes/deployment/flag_store.h"
#include "fakes/deployment/gateway.h"
#include "fakes/deployment/instance.h"
#include "fakes/deployment/problem_response.h"
#include "fakes/deployment/service_layer.h"
#include "fakes/deployment/write_classifier.h"
#include "fakes/sinks/memory_sink.h"
#include "sim/core/calendar.h"

namespace freezedrill {

// Owns the parts and wires them: requests go gateway -> instance queue ->
// service layer. Flag writes go to the store, the gateway's deny rule and,
// through the view listener, the service layer. Member order matters: each
// part refers to the ones declared before it.
class ReferenceDeployment::Impl {
 public:
  Impl(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window);

  void send(HttpRequest request, ResponseHandler on_response);
  void set_flag(bool on, std::string_view by);
  void extend_window(Micros new_end, std::string_view by);
  void delay_instance_view(int instance, Micros extra);
  bool apply_background(int instance, Mutation mutation);
  void apply_direct(Mutation mutation, ProtectedSink sink);

  const FlagStore& flags() const { return flags_; }
  FlagStore& flags() { return flags_; }
  BannerPipeline& banner() { return banner_; }
  const MemorySink& kv() const { return kv_; }
  const MemorySink& vectors() const { return vectors_; }
  const MemorySink& audit() const { return audit_; }
  Micros window_end() const { return problems_.window_end(); }

 private:
  void admit(HttpRequest request, RouteMatch route, int index, ResponseHandler on_response);
  void deliver_now(HttpResponse response, ResponseHandler on_response);
  void audit_event(std::string key, std::string value, std::string kind, std::string_view by);
  Instance& instance_at(int index);

  Runtime& runtime_;
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
  BannerPipeline banner_;
};

namespace {

std::vector<Instance> make_instances(const DeploymentSpec& spec) {
  if (spec.instances < 1) throw std::invalid_argument("ReferenceDeployment: instances must be at least 1");
  std::vector<Instance> instances;
  Micros service_time = service_time_for(spec.capacity);
  for (int i = 0; i < spec.instances; ++i) instances.emplace_back(i, service_time, spec.latency);
  return instances;
}

}  // namespace

ReferenceDeployment::Impl::Impl(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window)
    : runtime_(runtime),
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
      banner_(runtime, spec_.banner, defects_.banner) {
  flags_.set_view_listener([this](int instance, bool on) { service_.on_view_change(instance_at(instance), on); });
}

void ReferenceDeployment::Impl::send(HttpRequest request, ResponseHandler on_response) {
  GatewayDecision decision = gateway_.route(request);
  switch (decision.outcome) {
    case GatewayDecision::Outcome::kNotFound:
      deliver_now(problems_.not_found("No endpoint matches " + request.method + " " + request.path + "."),
                  std::move(on_response));
      return;
    case GatewayDecision::Outcome::kRefuse:
      deliver_now(problems_.refusal(decision.instance), std::move(on_response));
      return;
    case GatewayDecision::Outcome::kAdmit:
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
                         on_response(service_.handle(request, route, admission, instance_at(index)));
                       });
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

ReferenceDeployment::ReferenceDeployment(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window)
    : impl_(std::make_unique<Impl>(runtime, spec, window)) {}

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

int ReferenceDeployment::instances() const { return impl_->flags().instances(); }
bool ReferenceDeployment::instance_sees_flag(int instance) const { return impl_->flags().view(instance); }

void ReferenceDeployment::when_flag_off_everywhere(std::function<void()> fn) {
  impl_->flags().when_all_views_off(std::move(fn));
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
const MemorySink& ReferenceDeployment::audit_sink() const { return impl_->audit(); }

}  // namespace freezedrill
