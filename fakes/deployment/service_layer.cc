#include "fakes/deployment/service_layer.h"

#include <nlohmann/json.hpp>

namespace freezedrill {
namespace {

constexpr std::string_view kServiceActor = "service";
constexpr std::size_t kSearchResultIds = 3;

int success_status(std::string_view method) {
  if (method == "POST") return 201;
  if (method == "DELETE") return 204;
  return 200;
}

std::string request_header(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (header_name_equals(key, name)) return value;
  }
  return "";
}

HttpResponse json_response(int status, const nlohmann::ordered_json& body) {
  HttpResponse response;
  response.status = status;
  response.add_header("Content-Type", "application/json");
  response.body = body.dump();
  return response;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

std::string storage_key(const RouteMatch& route) {
  return route.params.empty() ? route.endpoint->name : route.params.front();
}

ServiceLayer::ServiceLayer(Runtime& runtime, const FlagStore& flags, const WriteClassifier& classifier,
                           const ProblemResponder& problems, ServiceSinks sinks, const DefectSwitches& defects)
    : runtime_(runtime),
      flags_(flags),
      classifier_(classifier),
      problems_(problems),
      sinks_(sinks),
      guard_background_(!defects.service_layer_unguarded),
      latch_write_block_(defects.reenable_latched),
      guard_reads_view_(defects.service_trusts_cached_view),
      trust_admission_flag_(defects.straddle_unchecked) {}

HttpResponse ServiceLayer::handle(const HttpRequest& request, const RouteMatch& route, const Admission& admission,
                                  Instance& instance) {
  HttpResponse response;
  if (!route.endpoint->write) {
    response = serve_read(route);
  } else if (!guard_skipped(admission) && guard_refuses(instance, route.endpoint->mutation)) {
    response = problems_.refusal(instance.index());
  } else {
    response = apply_write(request, route, admission.at, instance);
  }

  // The refusal already carries Date, and every other response gets it here.
  if (!response.header("Date")) problems_.add_date(response);
  response.instance = instance.index();
  return response;
}

bool ServiceLayer::apply_background(Instance& instance, Mutation mutation) {
  if (guard_background_ && guard_refuses(instance, mutation.kind)) return false;

  mutation.admitted_at = runtime_.now();
  mutation.instance = instance.index();
  // Background upserts go to the vector index, as the upserts API writes do.
  (mutation.kind == "upsert" ? sinks_.vectors : sinks_.kv).apply(mutation);
  return true;
}

// The replay reads the flag store, never a view or a write block: it runs
// after the closure notice, and a flag set on again means a new window.
HttpResponse ServiceLayer::apply_replay(const HttpRequest& request, const RouteMatch& route, Instance& instance) {
  if (classifier_.fenced(*route.endpoint) && flags_.on()) {
    record_refusal(instance, true);
    return problems_.refusal(instance.index());
  }
  return apply_write(request, route, runtime_.now(), instance);
}

void ServiceLayer::on_view_change(Instance& instance, bool on) {
  if (on && latch_write_block_) instance.engage_write_block();
}

// Reads the flag store (the instance's cached view with
// service_trusts_cached_view), and the instance's own write block, which
// only the reenable_latched defect engages: once engaged it outlives the flag.
bool ServiceLayer::guard_refuses(Instance& instance, std::string_view mutation) {
  if (!classifier_.fenced_kind(mutation)) return false;

  bool flag_on = guard_reads_view_ ? flags_.view(instance.index()) : flags_.on();
  if (flag_on) {
    record_refusal(instance, !guard_reads_view_);
    if (latch_write_block_) instance.engage_write_block();
    return true;
  }
  if (instance.write_block()) {
    record_refusal(instance, false);
    return true;
  }
  return false;
}

// With straddle_unchecked the service layer trusts the gateway's flag read
// at admission, so a write admitted just before S and processed after it is
// applied unchecked.
bool ServiceLayer::guard_skipped(const Admission& admission) const {
  return trust_admission_flag_ && !admission.flag_on;
}

void ServiceLayer::record_refusal(const Instance& instance, bool from_store) {
  runtime_.record(ev::FlagPolled{runtime_.history().intern(kServiceActor), instance.index(), true, from_store, true});
}

HttpResponse ServiceLayer::apply_write(const HttpRequest& request, const RouteMatch& route, Micros admitted_at,
                                       const Instance& instance) {
  const EndpointSpec& endpoint = *route.endpoint;
  Mutation m;
  m.key = storage_key(route);
  m.value = request.body;
  m.kind = endpoint.mutation;
  m.origin = request.origin;
  m.request_id = request.request_id;
  m.idempotency_key = request_header(request, "Idempotency-Key");
  m.admitted_at = admitted_at;
  m.instance = instance.index();
  sink_for(endpoint).apply(m);

  int status = success_status(endpoint.method);
  if (status == 204) {
    HttpResponse response;
    response.status = 204;
    return response;
  }
  nlohmann::ordered_json body;
  body["key"] = m.key;
  return json_response(status, body);
}

HttpResponse ServiceLayer::serve_read(const RouteMatch& route) const {
  const EndpointSpec& endpoint = *route.endpoint;
  if (endpoint.path == "/health") return json_response(200, {{"status", "ok"}});
  if (endpoint.path == "/search") return serve_search();
  if (!route.params.empty()) return serve_lookup(route);
  return json_response(200, {{"endpoint", endpoint.name}});
}

HttpResponse ServiceLayer::serve_lookup(const RouteMatch& route) const {
  std::string key = storage_key(route);
  const std::string* value = sink_for(*route.endpoint).find(key);
  if (value == nullptr) return problems_.not_found("No value is stored under key " + key + ".");

  HttpResponse response;
  response.status = 200;
  response.add_header("Content-Type", "text/plain; charset=utf-8");
  response.body = *value;
  return response;
}

// A stand-in for a nearest-neighbour query: the vector count and the first
// ids in key order, so the response changes only when the index does.
HttpResponse ServiceLayer::serve_search() const {
  nlohmann::ordered_json ids = nlohmann::ordered_json::array();
  for (const auto& [key, value] : sinks_.vectors.entries()) {
    if (ids.size() == kSearchResultIds) break;
    ids.push_back(key);
  }
  nlohmann::ordered_json body;
  body["count"] = sinks_.vectors.size();
  body["ids"] = std::move(ids);
  return json_response(200, body);
}

MemorySink& ServiceLayer::sink_for(const EndpointSpec& endpoint) const {
  if (endpoint.mutation == "upsert" || starts_with(endpoint.path, "/vectors")) return sinks_.vectors;
  return sinks_.kv;
}

}  // namespace freezedrill
