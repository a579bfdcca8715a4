#include "fakes/surfaces/client.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "fakes/surfaces/response_recorder.h"
#include "sim/core/error.h"
#include "sim/core/hash.h"
#include "sim/runtime/distributions.h"

namespace freezedrill {

// One logical operation: every attempt shares its id, endpoint, key, body
// and idempotency key.
struct Client::Operation {
  std::uint64_t id = 0;
  const EndpointSpec* endpoint = nullptr;  // owned by the shared ClientPlan
  std::string key;
  std::string idempotency_key;  // "" for reads
  std::string body;
  std::uint32_t attempts = 0;   // sends so far
  Micros previous_backoff = 0;
};

namespace {

constexpr int kIdSurfaceShift = 52;
constexpr int kIdClientShift = 32;
constexpr std::uint64_t kMaxSurfaceSlot = (std::uint64_t{1} << (64 - kIdSurfaceShift)) - 1;

InputError surface_error(const Scenario& scenario, const SurfaceSpec& spec, const std::string& suffix,
                         std::string problem, std::string value, std::string fix) {
  return InputError({scenario.source, 0, 0, spec.pointer + suffix}, std::move(problem), std::move(value),
                    std::move(fix));
}

// The surface's position in the scenario plus 1, so that a client id is never
// 0 and no two surfaces share ids. A spec that is not in the scenario gets
// the slot after the last surface.
std::uint64_t surface_slot(const Scenario& scenario, const SurfaceSpec& spec) {
  auto it = std::find_if(scenario.surfaces.begin(), scenario.surfaces.end(),
                         [&](const SurfaceSpec& s) { return s.name == spec.name; });
  return static_cast<std::uint64_t>(it - scenario.surfaces.begin()) + 1;
}

std::string catalogue_names(const std::vector<EndpointSpec>& catalogue) {
  std::string names;
  for (const EndpointSpec& e : catalogue) names += (names.empty() ? "" : ", ") + e.name;
  return names;
}

// The endpoints a surface may call: the ones it names, else the whole
// catalogue, split by kind.
void resolve_endpoints(const SurfaceSpec& spec, const Scenario& scenario, ClientPlan& plan) {
  const std::vector<EndpointSpec>& catalogue = scenario.deployment.endpoints;
  std::vector<EndpointSpec> pool;
  for (std::size_t i = 0; i < spec.endpoints.size(); ++i) {
    auto it = std::find_if(catalogue.begin(), catalogue.end(),
                           [&](const EndpointSpec& e) { return e.name == spec.endpoints[i]; });
    if (it == catalogue.end()) {
      throw surface_error(scenario, spec, fmt::format("/endpoints/{}", i), "unknown endpoint", spec.endpoints[i],
                          "use a name from deployment.endpoints: " + catalogue_names(catalogue));
    }
    pool.push_back(*it);
  }
  if (spec.endpoints.empty()) pool = catalogue;

  if (pool.empty()) {
    throw surface_error(scenario, spec, "", "client surface has no endpoint to call", spec.name,
                        "add endpoints to deployment.endpoints");
  }
  for (EndpointSpec& e : pool) (e.write ? plan.write_endpoints : plan.read_endpoints).push_back(std::move(e));
}

std::unique_ptr<RetryPlanner> make_planner(const SurfaceSpec& spec, const Scenario& scenario, const Runtime& runtime) {
  std::unique_ptr<RetryPolicy> policy = make_retry_policy(spec.retry);
  if (!policy) {
    throw surface_error(scenario, spec, "/retry/policy", "unknown retry policy", spec.retry.policy,
                        fmt::format("use one of: {}", fmt::join(retry_policy_names(), ", ")));
  }
  return std::make_unique<RetryPlanner>(spec.retry, std::move(policy), runtime.epoch_unix(),
                                        ClientDefects::from_names(scenario.deployment.defects));
}

std::shared_ptr<const ClientPlan> make_plan(const SurfaceSpec& spec, const Scenario& scenario, const Runtime& runtime) {
  auto plan = std::make_shared<ClientPlan>();
  plan->surface = spec.name;
  plan->surface_slot = surface_slot(scenario, spec);
  if (plan->surface_slot > kMaxSurfaceSlot) {
    throw surface_error(scenario, spec, "", "too many surfaces for unique request ids", spec.name,
                        fmt::format("use at most {} surfaces", kMaxSurfaceSlot));
  }

  plan->mean_interval = spec.rate.is_zero() ? 0 : spec.rate.mean_interval();
  plan->fixed_arrivals = spec.fixed_arrivals;
  plan->write_fraction = spec.writes;
  plan->reuse_key = spec.reuse_key;
  if (spec.reuse_key > 0) {
    plan->latest_write_keys = std::make_shared<std::vector<std::string>>(static_cast<std::size_t>(spec.count));
  }
  plan->keys = std::max(1, spec.keys);
  plan->duration = scenario.duration;
  plan->error_code = scenario.deployment.error_code;
  resolve_endpoints(spec, scenario, *plan);
  plan->planner = make_planner(spec, scenario, runtime);
  return plan;
}

}  // namespace

std::string fill_path(std::string_view path_template, std::string_view key) {
  std::string path;
  std::size_t pos = 0;
  while (pos < path_template.size()) {
    std::size_t open = path_template.find('{', pos);
    std::size_t close = open == std::string_view::npos ? open : path_template.find('}', open);
    if (close == std::string_view::npos) break;
    path.append(path_template.substr(pos, open - pos));
    path.append(key);
    pos = close + 1;
  }
  path.append(path_template.substr(std::min(pos, path_template.size())));
  return path;
}

Client::Client(Runtime& runtime, Transport& transport, std::shared_ptr<const ClientPlan> plan, std::uint32_t index)
    : runtime_(runtime),
      transport_(transport),
      plan_(std::move(plan)),
      index_(index),
      name_(fmt::format("{}#{}", plan_->surface, index)),
      rng_(runtime.stream(name_)) {
  if (const std::optional<RetryBudgetSpec>& budget = plan_->planner->spec().budget) budget_.emplace(*budget);
}

void Client::start() {
  if (plan_->mean_interval <= 0) return;
  schedule_arrival(runtime_.now() + uniform_int(rng_, 0, plan_->mean_interval - 1));
}

void Client::schedule_arrival(Micros t) {
  if (t >= plan_->duration) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { on_arrival(); });
}

void Client::on_arrival() {
  begin_operation();
  schedule_arrival(runtime_.now() + next_gap());
}

Micros Client::next_gap() {
  if (plan_->fixed_arrivals) return plan_->mean_interval;
  return exponential_micros(rng_, plan_->mean_interval);
}

void Client::begin_operation() {
  auto op = std::make_shared<Operation>();
  std::uint64_t sequence = ++operations_;
  op->id = make_id(sequence);

  bool write = bernoulli(rng_, plan_->write_fraction);
  op->endpoint = &pick_endpoint(write);
  op->key = fmt::format("kv-{}", uniform_int(rng_, 0, plan_->keys - 1));

  // One idempotency key per logical operation, reused by every retry, so
  // the server can return the first result instead of applying twice.
  if (op->endpoint->write) {
    op->idempotency_key = pick_idempotency_key(sequence);
    op->body = nlohmann::json{{"key", op->key}, {"value", fmt::format("{}-{}", name_, sequence)}}.dump();
  }
  send_attempt(op);
}

// A fresh key per operation, or with reuse_key the latest key another
// client sent. Drawn only when the surface reuses keys, so other surfaces'
// streams stay as they were.
std::string Client::pick_idempotency_key(std::uint64_t sequence) {
  std::string own = fmt::format("{}-{}", name_, sequence);
  if (plan_->reuse_key <= 0 || !plan_->latest_write_keys) return own;

  std::vector<std::string>& latest = *plan_->latest_write_keys;
  std::string reused;
  if (bernoulli(rng_, plan_->reuse_key)) {
    for (std::size_t i = 0; i < latest.size(); ++i) {
      // Scan from the next client on, so the pick does not favour client 0.
      std::string& candidate = latest[(index_ + 1 + i) % latest.size()];
      if (!candidate.empty() && i + 1 < latest.size()) {
        // Each key is reused once: a second reuse by the same client would
        // make two operations of one (client, key) pair.
        reused = std::exchange(candidate, std::string());
        break;
      }
    }
  }
  if (!reused.empty()) return reused;
  latest[index_] = own;
  return own;
}

// Draws from the requested kind. When the pool has no endpoint of that kind,
// it draws from the other kind, and the operation takes the endpoint's kind.
const EndpointSpec& Client::pick_endpoint(bool write) {
  const std::vector<EndpointSpec>* pool = write ? &plan_->write_endpoints : &plan_->read_endpoints;
  if (pool->empty()) pool = write ? &plan_->read_endpoints : &plan_->write_endpoints;
  auto last = static_cast<std::int64_t>(pool->size()) - 1;
  return (*pool)[static_cast<std::size_t>(uniform_int(rng_, 0, last))];
}

void Client::send_attempt(const std::shared_ptr<Operation>& op) {
  ++op->attempts;
  HttpRequest request = build_request(*op);
  record_request_sent(*op, request);

  Micros sent_at = runtime_.now();
  transport_.send(request, [this, op, request, sent_at](HttpResponse response) {
    on_response(op, request, sent_at, response);
  });
}

HttpRequest Client::build_request(const Operation& op) {
  HttpRequest request;
  request.request_id = make_id(++requests_);
  request.method = op.endpoint->method;
  request.path = fill_path(op.endpoint->path, op.key);
  request.endpoint = op.endpoint->name;
  request.origin = name_;
  if (!op.idempotency_key.empty()) {
    request.headers.emplace_back("Idempotency-Key", op.idempotency_key);
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = op.body;
  }
  return request;
}

void Client::record_request_sent(const Operation& op, const HttpRequest& request) {
  History& h = runtime_.history();
  ev::RequestSent e;
  e.request_id = request.request_id;
  e.op_id = op.id;
  e.actor = h.intern(name_);
  e.idempotency_key = op.idempotency_key.empty() ? kNoStr : h.intern(op.idempotency_key);
  e.attempt = op.attempts;
  e.endpoint = h.intern(op.endpoint->name);
  e.write = op.endpoint->write;
  e.mutation = op.endpoint->write ? h.intern(op.endpoint->mutation) : kNoStr;
  e.replay = false;
  e.body_hash = request.body.empty() ? 0 : fnv1a64(request.body);
  runtime_.record(e);
}

void Client::on_response(const std::shared_ptr<Operation>& op, const HttpRequest& request, Micros sent_at,
                         const HttpResponse& response) {
  Micros now = runtime_.now();
  ev::ResponseReceived received = record_response(runtime_.history(), runtime_.epoch_unix(), now, request, response,
                                                  sent_at, op->id, name_, op->endpoint->write, plan_->error_code);

  BackoffInput input{op->attempts, op->previous_backoff};
  RetryBudget* budget = budget_ ? &*budget_ : nullptr;
  RetryDecision decision = plan_->planner->decide(received, now, input, rng_, budget);
  switch (decision.action) {
    case RetryDecision::Action::kDone:
      return;
    case RetryDecision::Action::kGiveUp:
      give_up(*op, decision.reason);
      return;
    case RetryDecision::Action::kRetry:
      op->previous_backoff = decision.backoff;
      runtime_.schedule_after(decision.wait, [this, op] { send_attempt(op); });
      return;
  }
}

void Client::give_up(const Operation& op, std::string_view reason) {
  History& h = runtime_.history();
  ev::OperationGivenUp e;
  e.op_id = op.id;
  e.actor = h.intern(name_);
  e.idempotency_key = op.idempotency_key.empty() ? kNoStr : h.intern(op.idempotency_key);
  e.reason = h.intern(reason);
  e.attempts = op.attempts;
  runtime_.record(e);
}

std::uint64_t Client::make_id(std::uint64_t sequence) const {
  return (plan_->surface_slot << kIdSurfaceShift) | (std::uint64_t{index_} << kIdClientShift) | sequence;
}

std::vector<std::unique_ptr<Surface>> make_clients(const SurfaceSpec& spec, SurfaceContext& context) {
  return make_clients(spec, context.runtime, context.transport, context.scenario);
}

std::vector<std::unique_ptr<Surface>> make_clients(const SurfaceSpec& spec, Runtime& runtime, Transport& transport,
                                                   const Scenario& scenario) {
  if (spec.count > kMaxClientsPerSurface) {
    throw surface_error(scenario, spec, "/count", "too many clients for unique request ids",
                        std::to_string(spec.count), fmt::format("use a count of at most {}", kMaxClientsPerSurface));
  }
  std::shared_ptr<const ClientPlan> plan = make_plan(spec, scenario, runtime);

  std::vector<std::unique_ptr<Surface>> clients;
  for (int i = 0; i < spec.count; ++i) {
    clients.push_back(std::make_unique<Client>(runtime, transport, plan, static_cast<std::uint32_t>(i)));
  }
  return clients;
}

}  // namespace freezedrill
