#include "fakes/deployment/service_layer.h"

#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/calendar.h"
#include "sim/core/hash.h"

namespace freezedrill {
namespace {

constexpr std::string_view kServiceActor = "service";
constexpr std::size_t kSearchResultIds = 3;
constexpr std::string_view kMigrationUnit = "migration_step";
// A fail-closed refusal is short-lived: the partition may heal at any moment.
constexpr std::int64_t kUnreachableRetryAfterSeconds = 1;

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

constexpr std::string_view kTouchMutation = "touch";

// The stored "last seen" record: the caller, the calendar time of the read
// and a session id in UUID layout derived from the request id, the kind of
// value that changes on every read and that read_drift's masks hide.
std::string last_seen_record(const HttpRequest& request, std::int64_t unix_seconds) {
  std::uint64_t h = fnv1a64(std::to_string(request.request_id));
  std::uint64_t g = fnv1a64(request.origin + std::to_string(request.request_id));
  std::string session = fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", h >> 32, (h >> 16) & 0xffff, h & 0xffff,
                                    g >> 48, g & 0xffffffffffffULL);
  nlohmann::ordered_json record;
  record["user"] = request.origin;
  record["last_seen"] = format_rfc3339(unix_seconds);
  record["session"] = session;
  return record.dump();
}

// Builds the response of a handler that lets a refused incidental write
// escape: the database error of a write in a read-only transaction, as a 500.
HttpResponse read_only_transaction_error() {
  HttpResponse response;
  response.status = 500;
  response.add_header("Content-Type", "application/problem+json");
  nlohmann::ordered_json body;
  body["type"] = "urn:freezedrill:problem:read-only-transaction";
  body["title"] = "Internal Server Error";
  body["status"] = 500;
  body["detail"] = "cannot execute UPDATE in a read-only transaction";
  response.body = body.dump();
  return response;
}

}  // namespace

std::string storage_key(const RouteMatch& route) {
  return route.params.empty() ? route.endpoint->name : route.params.front();
}

ServiceLayer::ServiceLayer(Runtime& runtime, const FlagStore& flags, const WriteClassifier& classifier,
                           const ProblemResponder& problems, ServiceSinks sinks, ReadSide read_side,
                           const DefectSwitches& defects)
    : runtime_(runtime),
      flags_(flags),
      classifier_(classifier),
      problems_(problems),
      sinks_(sinks),
      read_side_(std::move(read_side)),
      guard_background_(!defects.service_layer_unguarded),
      latch_write_block_(defects.reenable_latched),
      guard_reads_view_(defects.service_trusts_cached_view),
      trust_admission_flag_(defects.straddle_unchecked),
      touch_fails_read_(defects.read_touch_fails),
      stale_replica_reads_(defects.stale_replica_reads),
      migrate_on_start_(defects.restart_runs_migrations) {}

HttpResponse ServiceLayer::handle(const HttpRequest& request, const RouteMatch& route, const Admission& admission,
                                  Instance& instance) {
  HttpResponse response;
  if (instance.broken()) {
    response = problems_.server_error(500, instance.index(), "The instance failed to start.");
  } else if (!route.endpoint->write) {
    response = serve_read(request, route, instance);
  } else {
    response = guarded_write(request, route, admission, instance);
  }

  // The refusal already carries Date, and every other response gets it here.
  if (!response.header("Date")) problems_.add_date(response);
  response.instance = instance.index();
  return response;
}

HttpResponse ServiceLayer::guarded_write(const HttpRequest& request, const RouteMatch& route,
                                         const Admission& admission, Instance& instance) {
  Guard verdict = guard_skipped(admission) ? Guard::kAllow : guard(instance, route.endpoint->mutation);
  switch (verdict) {
    case Guard::kFrozen:
      return problems_.refusal(instance.index());
    case Guard::kStoreUnreachable:
      return problems_.unavailable(instance.index(), "flag_store_unreachable",
                                   "The instance cannot read the read-only flag; writes are refused until it can.",
                                   kUnreachableRetryAfterSeconds);
    case Guard::kAllow:
      break;
  }
  return apply_write(request, route, admission.at, instance);
}

bool ServiceLayer::apply_background(Instance& instance, Mutation mutation) {
  if (!instance.up()) return false;  // a writer inside a crashed process does nothing
  if (guard_background_ && guard(instance, mutation.kind) != Guard::kAllow) return false;

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

void ServiceLayer::on_start(Instance& instance) {
  if (!migrate_on_start_) return;  // a correct instance has no migration to run while frozen
  if (!run_migration_step(instance)) instance.set_broken();
}

// One startup migration step, recorded as a unit of work of the instance,
// applied through the guard like any background write.
bool ServiceLayer::run_migration_step(Instance& instance) {
  History& h = runtime_.history();
  StrId actor = h.intern("instance-" + std::to_string(instance.index()));
  std::uint64_t unit_id = ++migration_steps_;
  runtime_.record(ev::WorkStarted{actor, h.intern(kMigrationUnit), unit_id, instance.index()});

  Mutation m;
  m.key = "schema_version";
  m.value = std::to_string(unit_id);
  m.kind = "migration";
  m.origin = h.str(actor);
  bool applied = apply_background(instance, std::move(m));
  runtime_.record(ev::WorkFinished{actor, h.intern(kMigrationUnit), unit_id, instance.index(),
                                   h.intern(applied ? "done" : "aborted")});
  return applied;
}

void ServiceLayer::on_view_change(Instance& instance, bool on) {
  if (on && latch_write_block_) instance.engage_write_block();
}

// Reads the flag store (the instance's cached view with
// service_trusts_cached_view), and the instance's own write block, which
// only the reenable_latched defect engages: once engaged it outlives the flag.
// An instance cut off from the store cannot tell whether writes are frozen,
// so it fails closed; no flag read happens, so nothing is recorded.
ServiceLayer::Guard ServiceLayer::guard(Instance& instance, std::string_view mutation) {
  if (!classifier_.fenced_kind(mutation)) return Guard::kAllow;
  if (instance.partitioned() && !guard_reads_view_) return Guard::kStoreUnreachable;

  bool flag_on = guard_reads_view_ ? flags_.view(instance.index()) : flags_.on();
  if (flag_on) {
    record_refusal(instance, !guard_reads_view_);
    if (latch_write_block_) instance.engage_write_block();
    return Guard::kFrozen;
  }
  if (instance.write_block()) {
    record_refusal(instance, false);
    return Guard::kFrozen;
  }
  return Guard::kAllow;
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

HttpResponse ServiceLayer::serve_read(const HttpRequest& request, const RouteMatch& route, Instance& instance) {
  const EndpointSpec& endpoint = *route.endpoint;
  if (!touch_last_seen(request, route, instance) && touch_fails_read_) return read_only_transaction_error();

  // In read-only mode reads are spread over replicas, and with the defect
  // the replicas behind instances other than 0 are stale.
  bool stale = stale_replica_reads_ && instance.index() > 0 && flags_.view(instance.index());
  const ServiceSinks& sinks = stale ? read_side_.replica : sinks_;
  if (endpoint.path == "/health") return json_response(200, {{"status", "ok"}});
  if (endpoint.path == "/search") return serve_search(sinks);
  if (!route.params.empty()) return serve_lookup(route, sinks);
  return json_response(200, {{"endpoint", endpoint.name}});
}

// Applies the incidental write of a read, "last_seen-<origin>" set to the
// current time, through the guard. Returns false when the guard refused it, which a
// correct handler skips (the refusal is already recorded as flag_polled).
bool ServiceLayer::touch_last_seen(const HttpRequest& request, const RouteMatch& route, Instance& instance) {
  const std::vector<std::string>& reads = read_side_.last_seen_reads;
  if (std::find(reads.begin(), reads.end(), route.endpoint->name) == reads.end()) return true;
  if (guard(instance, kTouchMutation) != Guard::kAllow) return false;

  Mutation m;
  m.key = "last_seen-" + request.origin;
  m.value = last_seen_record(request, runtime_.epoch_unix() + runtime_.now() / kMicrosPerSecond);
  m.kind = std::string(kTouchMutation);
  m.origin = request.origin;
  m.request_id = request.request_id;
  m.admitted_at = runtime_.now();
  m.instance = instance.index();
  sinks_.kv.apply(m);
  return true;
}

HttpResponse ServiceLayer::serve_lookup(const RouteMatch& route, const ServiceSinks& sinks) const {
  std::string key = storage_key(route);
  const std::string* value = sink_in(sinks, *route.endpoint).find(key);
  if (value == nullptr) return problems_.not_found("No value is stored under key " + key + ".");

  HttpResponse response;
  response.status = 200;
  response.add_header("Content-Type", "text/plain; charset=utf-8");
  response.body = *value;
  return response;
}

// A stand-in for a nearest-neighbour query: the vector count and the first
// ids in key order, so the response changes only when the index does.
HttpResponse ServiceLayer::serve_search(const ServiceSinks& sinks) const {
  nlohmann::ordered_json ids = nlohmann::ordered_json::array();
  for (const auto& [key, value] : sinks.vectors.entries()) {
    if (ids.size() == kSearchResultIds) break;
    ids.push_back(key);
  }
  nlohmann::ordered_json body;
  body["count"] = sinks.vectors.size();
  body["ids"] = std::move(ids);
  return json_response(200, body);
}

MemorySink& ServiceLayer::sink_for(const EndpointSpec& endpoint) const { return sink_in(sinks_, endpoint); }

MemorySink& ServiceLayer::sink_in(const ServiceSinks& sinks, const EndpointSpec& endpoint) {
  if (endpoint.mutation == "upsert" || starts_with(endpoint.path, "/vectors")) return sinks.vectors;
  return sinks.kv;
}

}  // namespace freezedrill
