#include "fakes/surfaces/tool_call.h"

#include <algorithm>
#include <utility>

#include "fakes/surfaces/client.h"
#include "fakes/surfaces/response_recorder.h"
#include "sim/runtime/distributions.h"

namespace freezedrill {
namespace {

constexpr std::string_view kSideEffectKind = "tool_side_effect";

const EndpointSpec* find_read_endpoint(const Scenario& scenario, const std::string& name) {
  for (const EndpointSpec& endpoint : scenario.deployment.endpoints) {
    if (endpoint.name == name && !endpoint.write) return &endpoint;
  }
  return nullptr;
}

}  // namespace

ToolCallAgent::ToolCallAgent(const SurfaceSpec& spec, SurfaceContext& context)
    : runtime_(context.runtime),
      transport_(context.transport),
      actor_(context.runtime, context.deployment, spec.name),
      read_endpoint_(find_read_endpoint(context.scenario, spec.tool_call.read_endpoint)),
      error_code_(context.scenario.deployment.error_code),
      side_effects_(spec.tool_call.side_effects),
      recheck_(spec.tool_call.recheck),
      mean_interval_(spec.rate.is_zero() ? 0 : spec.rate.mean_interval()),
      fixed_arrivals_(spec.fixed_arrivals),
      keys_(std::max(1, spec.keys)),
      duration_(context.scenario.duration),
      guarded_(!defect_on(context.scenario, "tool_call_unguarded")),
      rng_(context.runtime.stream(spec.name)),
      id_base_(surface_id_base(context.scenario, spec.name)) {}

void ToolCallAgent::start() {
  if (mean_interval_ <= 0) return;
  schedule_arrival(runtime_.now() + uniform_int(rng_, 0, mean_interval_ - 1));
}

void ToolCallAgent::schedule_arrival(Micros t) {
  if (t >= duration_) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { on_arrival(); });
}

void ToolCallAgent::on_arrival() {
  ++calls_;
  bool side_effect = read_endpoint_ == nullptr || bernoulli(rng_, side_effects_);
  if (side_effect) {
    call_side_effect_tool(calls_);
  } else {
    call_read_tool();
  }

  Micros gap = fixed_arrivals_ ? mean_interval_ : exponential_micros(rng_, mean_interval_);
  schedule_arrival(runtime_.now() + gap);
}

// One read, recorded like a client's read, with the request id as its
// operation id because a tool call makes one attempt.
void ToolCallAgent::call_read_tool() {
  HttpRequest request;
  request.request_id = id_base_ | ++requests_;
  request.method = read_endpoint_->method;
  request.path = fill_path(read_endpoint_->path, "kv-" + std::to_string(uniform_int(rng_, 0, keys_ - 1)));
  request.endpoint = read_endpoint_->name;
  request.origin = actor_.name();

  History& h = runtime_.history();
  ev::RequestSent sent;
  sent.request_id = request.request_id;
  sent.op_id = request.request_id;
  sent.actor = h.intern(actor_.name());
  sent.endpoint = h.intern(read_endpoint_->name);
  runtime_.record(sent);

  Micros sent_at = runtime_.now();
  transport_.send(request, [this, request, sent_at](HttpResponse response) {
    record_response(runtime_.history(), runtime_.epoch_unix(), runtime_.now(), request, response, sent_at,
                    request.request_id, actor_.name(), false, error_code_);
  });
}

// The executor's fence: a side effect runs only after a flag check finds the
// flag off, and calls that arrive while earlier ones wait queue behind them.
// The call causes the check, as a write causes the service layer's guard
// read, so the check is recorded as a guard read. Only the rechecks of
// deferred calls are the agent's own polling.
void ToolCallAgent::call_side_effect_tool(std::uint64_t call) {
  if (!guarded_) {
    run_side_effect(call);
    return;
  }
  if (!deferred_.empty() || actor_.flag_on(true)) {
    deferred_.push_back(call);
    schedule_recheck();
    return;
  }
  run_side_effect(call);
}

void ToolCallAgent::schedule_recheck() {
  if (recheck_scheduled_) return;
  Micros t = runtime_.now() + recheck_;
  if (t >= duration_) return;
  recheck_scheduled_ = true;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { on_recheck(); });
}

void ToolCallAgent::on_recheck() {
  recheck_scheduled_ = false;
  if (actor_.flag_on()) {
    schedule_recheck();
    return;
  }
  while (!deferred_.empty()) {
    run_side_effect(deferred_.front());
    deferred_.pop_front();
  }
}

void ToolCallAgent::run_side_effect(std::uint64_t call) {
  std::string key = "tool:" + actor_.name() + "-" + std::to_string(call);
  actor_.write(ProtectedSink::kSideEffects, std::move(key), actor_.name(), std::string(kSideEffectKind));
}

std::vector<std::unique_ptr<Surface>> make_tool_call_agents(const SurfaceSpec& spec, SurfaceContext& context) {
  std::vector<std::unique_ptr<Surface>> agents;
  agents.push_back(std::make_unique<ToolCallAgent>(spec, context));
  return agents;
}

}  // namespace freezedrill
