#include "sim/runner/fault_injector.h"

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "fakes/surfaces/client.h"
#include "fakes/surfaces/response_recorder.h"

namespace freezedrill {
namespace {

constexpr const char* kChaosActor = "chaos";
// Request and operation ids of the chaos actor: the top 12 bits all set, a
// slot no surface reaches, so they never collide with a client's ids.
constexpr std::uint64_t kChaosIdBase = std::uint64_t{0xFFF} << 52;

bool is_retryable(int status) { return status == 0 || status == 423 || status == 429 || status == 503; }

using Handler = std::function<void(ReferenceDeployment&, const FaultSpec&)>;

// The faults that are one call on the deployment, which records them.
const std::map<std::string, Handler>& deployment_handlers() {
  static const std::map<std::string, Handler> handlers = {
      {"flag_late", [](ReferenceDeployment& d, const FaultSpec& f) { d.delay_instance_view(f.instance, f.delay); }},
      {"flag_lost", [](ReferenceDeployment& d, const FaultSpec& f) { d.lose_instance_view(f.instance, f.length); }},
      {"latency_spike",
       [](ReferenceDeployment& d, const FaultSpec& f) { d.spike_latency(f.instance, f.length, f.delay); }},
      {"instance_restart",
       [](ReferenceDeployment& d, const FaultSpec& f) { d.restart_instance(f.instance, f.length); }},
      {"clock_skew", [](ReferenceDeployment& d, const FaultSpec& f) { d.skew_clock(f.offset); }},
      {"partition", [](ReferenceDeployment& d, const FaultSpec& f) { d.partition_instance(f.instance, f.length); }},
  };
  return handlers;
}

}  // namespace

FaultInjector::FaultInjector(Runtime& runtime, ReferenceDeployment& deployment, const Scenario& scenario,
                             std::vector<Surface*> surfaces)
    : runtime_(runtime), deployment_(deployment), scenario_(scenario), surfaces_(std::move(surfaces)) {}

void FaultInjector::schedule(const FaultSpec& fault) {
  Runtime::Callback act;
  auto handler = deployment_handlers().find(fault.kind);
  if (handler != deployment_handlers().end()) {
    act = [this, &fault, run = handler->second] { run(deployment_, fault); };
  } else if (fault.kind == "flag_cleared") {
    act = [this, &fault] { flag_cleared(fault); };
  } else if (fault.kind == "cron_at_start") {
    act = [this, &fault] { cron_at_start(fault); };
  } else if (fault.kind == "straddling_write") {
    act = [this, &fault] { straddling_write(fault); };
  } else if (fault.kind == "purge_failing") {
    act = [this, &fault] { purge_failing(fault); };
  } else {
    throw std::logic_error("fault kind passed validation but has no handler: " + fault.kind);
  }
  runtime_.schedule_at(fault.at, Runtime::Lane::kControl, std::move(act));
}

void FaultInjector::record_fault(const FaultSpec& fault) {
  nlohmann::json detail = fault.config;
  detail.erase("kind");
  History& h = runtime_.history();
  runtime_.record(ev::FaultInjected{h.intern(fault.kind), fault.instance, h.intern(detail.dump())});
}

// The cache's purge API fails from `at` for `span`. The banner pipeline
// retries failed purges, so this fault delays a change by at most the span
// plus purge_retry. Its detail is the whole fault object, kind included.
void FaultInjector::purge_failing(const FaultSpec& fault) {
  History& h = runtime_.history();
  runtime_.record(ev::FaultInjected{h.intern(fault.kind), kNoInstance, h.intern(fault.config.dump())});
  deployment_.banner().fail_purges_until(fault.at + fault.span);
}

void FaultInjector::flag_cleared(const FaultSpec& fault) {
  record_fault(fault);
  deployment_.set_flag(false, kChaosActor);
}

// Every entry point of the cron surface fires in the actor lane at S, so the
// operator's flip, in the control lane, comes first.
void FaultInjector::cron_at_start(const FaultSpec& fault) {
  record_fault(fault);
  const std::string prefix = fault.target + "/";
  for (Surface* surface : surfaces_) {
    std::string_view name = surface->name();
    if (name != fault.target && name.substr(0, prefix.size()) != prefix) continue;
    runtime_.schedule_at(runtime_.now(), Runtime::Lane::kActor, [surface] { surface->trigger(); });
  }
}

// The chaos actor sends one write, recorded like a client's, that its
// instance holds past S.
void FaultInjector::straddling_write(const FaultSpec& fault) {
  record_fault(fault);
  const EndpointSpec* endpoint = nullptr;
  for (const EndpointSpec& e : scenario_.deployment.endpoints) {
    if (e.name == fault.target) endpoint = &e;
  }
  if (endpoint == nullptr) throw std::logic_error("straddling_write endpoint not in the catalogue: " + fault.target);

  std::uint64_t id = kChaosIdBase | ++writes_;
  std::string key = "chaos-straddle-" + std::to_string(writes_);
  HttpRequest request;
  request.request_id = id;
  request.method = endpoint->method;
  request.path = fill_path(endpoint->path, key);
  request.endpoint = endpoint->name;
  request.origin = kChaosActor;
  request.headers.emplace_back("Idempotency-Key", key);
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = nlohmann::json{{"key", key}, {"value", key}}.dump();

  History& h = runtime_.history();
  ev::RequestSent sent;
  sent.request_id = id;
  sent.op_id = id;
  sent.actor = h.intern(kChaosActor);
  sent.idempotency_key = h.intern(key);
  sent.attempt = 1;
  sent.endpoint = h.intern(endpoint->name);
  sent.write = true;
  sent.mutation = h.intern(endpoint->mutation);
  runtime_.record(sent);

  Micros sent_at = runtime_.now();
  deployment_.send_held(request, fault.delay, [this, request, sent_at, id, key](HttpResponse response) {
    record_response(runtime_.history(), runtime_.epoch_unix(), runtime_.now(), request, response, sent_at, id,
                    kChaosActor, true, scenario_.deployment.error_code);
    if (is_retryable(response.status)) record_given_up(id, key);
  });
}

// The chaos actor never retries, like a client with the policy "none".
void FaultInjector::record_given_up(std::uint64_t op_id, const std::string& key) {
  History& h = runtime_.history();
  ev::OperationGivenUp e;
  e.op_id = op_id;
  e.actor = h.intern(kChaosActor);
  e.idempotency_key = h.intern(key);
  e.reason = h.intern("no_retry");
  e.attempts = 1;
  runtime_.record(e);
}

}  // namespace freezedrill
