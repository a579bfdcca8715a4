#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "sim/scenario/background_surfaces.h"
#include "sim/scenario/long_running_surfaces.h"
#include "sim/scenario/sections.h"

namespace freezedrill::loader_detail {
namespace {

const std::vector<std::string> kArrivals = {"poisson", "fixed"};
const std::vector<std::string> kRetryKeys = {"policy", "base", "cap", "max_attempts", "respect_retry_after",
                                             "max_wait", "budget"};
const std::vector<std::string> kRetryPolicies = {"none",        "fixed",        "exponential",
                                                 "full_jitter", "equal_jitter", "decorrelated_jitter"};
const std::vector<std::string> kBudgetKeys = {"tokens", "ratio"};
constexpr int kMaxBudgetTokens = 1000 * 1000;
constexpr int kMaxClients = 100000;
constexpr int kMaxAttempts = 1000;
constexpr std::int64_t kMaxKeys = 1000 * 1000 * 1000;

bool is_surface_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Reads one surface kind's own keys into `spec` and returns its normalised
// object (kind and name are added by the caller).
using SurfaceReader = std::function<nlohmann::json(const ObjectField&, const DeploymentSpec&, SurfaceSpec&)>;

struct SurfaceKindReader {
  std::string kind;
  std::vector<std::string> keys;  // besides kind and name
  SurfaceReader read;
};

std::string read_arrivals(const ObjectField& object, SurfaceSpec& spec) {
  std::string arrivals = object.choice_or("arrivals", kArrivals, "poisson", "arrival processes");
  spec.fixed_arrivals = arrivals == "fixed";
  return arrivals;
}

Rate read_required_rate(const ObjectField& object) {
  return object.require("rate", "add the rate per actor, such as \"0.5/s\" or \"30/m\"").as_rate();
}

// The ratio in thousandths of a token, the unit in which clients count
// tokens, so a ratio may have at most three decimals.
std::int64_t read_budget_ratio(const Field& field) {
  double ratio = field.as_number(0.0, 1.0);
  if (ratio <= 0.0) field.fail("the budget ratio must be above 0", "write a ratio from 0.001 to 1, such as 0.1");

  double thousandths = ratio * 1000.0;
  auto rounded = static_cast<std::int64_t>(thousandths + 0.5);
  double error = thousandths - static_cast<double>(rounded);
  if (error > 1e-6 || error < -1e-6) {
    field.fail("the budget ratio has more than three decimals",
               fmt::format("write a multiple of 0.001, such as {:.3f}",
                           static_cast<double>(std::max<std::int64_t>(1, rounded)) / 1000.0));
  }
  return rounded;
}

// `budget`: absent or null means no budget. An object needs both keys.
std::optional<RetryBudgetSpec> read_retry_budget(const ObjectField& retry) {
  std::optional<Field> found = retry.find("budget");
  if (!found || found->is_null()) return std::nullopt;

  ObjectField object(*found, "\"budget\"");
  object.allow_keys(kBudgetKeys);
  RetryBudgetSpec budget;
  budget.tokens = static_cast<int>(object.require("tokens", "add the bucket size, such as \"tokens\": 10")
                                       .as_integer(1, kMaxBudgetTokens));
  budget.ratio_thousandths =
      read_budget_ratio(object.require("ratio", "add the tokens each success returns, such as \"ratio\": 0.1"));
  return budget;
}

nlohmann::json budget_json(const std::optional<RetryBudgetSpec>& budget) {
  if (!budget) return nullptr;
  return {{"tokens", budget->tokens}, {"ratio", static_cast<double>(budget->ratio_thousandths) / 1000.0}};
}

nlohmann::json read_retry(const ObjectField& client, RetrySpec& retry) {
  if (std::optional<Field> found = client.find("retry")) {
    ObjectField object(*found, "\"retry\"");
    object.allow_keys(kRetryKeys);
    retry.policy = object.choice_or("policy", kRetryPolicies, "none", "retry policies");
    retry.base = object.duration_or("base", {1, false}, retry.base);
    retry.cap = object.duration_or("cap", {1, false}, retry.cap);
    if (retry.cap < retry.base) {
      object.find("cap")->fail(fmt::format("cap is below base ({})", format_duration(retry.base)),
                               fmt::format("write a cap of \"{}\" or more", format_duration(retry.base)));
    }
    retry.max_attempts = static_cast<int>(object.integer_or("max_attempts", 1, kMaxAttempts, retry.max_attempts));
    retry.respect_retry_after = object.bool_or("respect_retry_after", retry.respect_retry_after);
    retry.max_wait = object.optional_duration("max_wait", {1, false});
    retry.budget = read_retry_budget(object);
  }

  return {{"policy", retry.policy},
          {"base", format_duration(retry.base)},
          {"cap", format_duration(retry.cap)},
          {"max_attempts", retry.max_attempts},
          {"respect_retry_after", retry.respect_retry_after},
          {"max_wait", retry.max_wait ? nlohmann::json(format_duration(*retry.max_wait)) : nlohmann::json(nullptr)},
          {"budget", budget_json(retry.budget)}};
}

// Endpoint names from the deployment's catalogue, each once. An empty list,
// like an absent one, means every endpoint of the right kind.
std::vector<std::string> read_client_endpoints(const ObjectField& client, const DeploymentSpec& deployment) {
  std::vector<std::string> names;
  std::optional<Field> found = client.find("endpoints");
  if (!found) return names;

  std::vector<std::string> known;
  for (const EndpointSpec& e : deployment.endpoints) known.push_back(e.name);
  for (const Field& item : found->as_array(0, "endpoint names")) {
    std::string name = item.as_string();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      item.fail(fmt::format("unknown endpoint \"{}\"", name),
                fix_for_unknown(name, known, "endpoints of the deployment"));
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      item.fail(fmt::format("endpoint \"{}\" is listed twice", name), "list each endpoint once");
    }
    names.push_back(name);
  }
  return names;
}

// A client that writes needs a write endpoint, one that reads a read endpoint.
void check_client_mix(const ObjectField& client, const DeploymentSpec& deployment, const SurfaceSpec& spec) {
  bool has_read = false;
  bool has_write = false;
  for (const EndpointSpec& e : deployment.endpoints) {
    bool used = spec.endpoints.empty() ||
                std::find(spec.endpoints.begin(), spec.endpoints.end(), e.name) != spec.endpoints.end();
    if (!used) continue;
    (e.write ? has_write : has_read) = true;
  }

  // Point at the key the user should change: the endpoint list if given.
  std::optional<Field> place = client.find("endpoints");
  if (!place) place = client.find("writes");
  if (!place) place = client.field();
  if (spec.writes > 0 && !has_write) {
    place->fail("the client writes but none of its endpoints is a write endpoint",
               "add a write endpoint to \"endpoints\" or set \"writes\": 0");
  }
  if (spec.writes < 1 && !has_read) {
    place->fail("the client reads but none of its endpoints is a read endpoint",
               "add a read endpoint to \"endpoints\" or set \"writes\": 1");
  }
}

nlohmann::json read_client(const ObjectField& client, const DeploymentSpec& deployment, SurfaceSpec& spec) {
  spec.count = static_cast<int>(client.integer_or("count", 1, kMaxClients, 1));
  spec.rate = read_required_rate(client);
  std::string arrivals = read_arrivals(client, spec);
  spec.writes = client.number_or("writes", 0.0, 1.0, 0.0);
  spec.endpoints = read_client_endpoints(client, deployment);
  check_client_mix(client, deployment, spec);
  spec.keys = static_cast<int>(client.integer_or("keys", 1, kMaxKeys, 100));
  nlohmann::json retry = read_retry(client, spec.retry);
  spec.reuse_key = client.number_or("reuse_key", 0.0, 1.0, 0.0);

  nlohmann::json normalised = {{"count", spec.count},   {"rate", format_rate(spec.rate)}, {"arrivals", arrivals},
                               {"writes", spec.writes}, {"endpoints", spec.endpoints},   {"keys", spec.keys},
                               {"retry", retry}};
  // Only a client that reuses keys names it, so older scenarios keep their hash.
  if (spec.reuse_key > 0) normalised["reuse_key"] = spec.reuse_key;
  return normalised;
}

nlohmann::json read_kv_writer(const ObjectField& writer, const DeploymentSpec& deployment, SurfaceSpec& spec) {
  spec.rate = read_required_rate(writer);
  std::string arrivals = read_arrivals(writer, spec);
  spec.instance = static_cast<int>(writer.integer_or("instance", 0, deployment.instances - 1, 0));
  spec.keys = static_cast<int>(writer.integer_or("keys", 1, kMaxKeys, 100));

  return {{"rate", format_rate(spec.rate)}, {"arrivals", arrivals}, {"instance", spec.instance}, {"keys", spec.keys}};
}

// A read endpoint of the catalogue, which a probe sends its queries to.
std::string read_probe_endpoint(const ObjectField& probe, const DeploymentSpec& deployment) {
  Field field = probe.require("endpoint", "add the name of a read endpoint, such as \"search\"");
  std::string name = field.as_string();
  std::vector<std::string> reads;
  for (const EndpointSpec& e : deployment.endpoints) {
    if (!e.write) reads.push_back(e.name);
  }
  if (std::find(reads.begin(), reads.end(), name) == reads.end()) {
    field.fail(fmt::format("\"{}\" is not a read endpoint of the deployment", name),
               fix_for_unknown(name, reads, "read endpoints"));
  }
  return name;
}

nlohmann::json read_probe(const ObjectField& probe, const DeploymentSpec& deployment, SurfaceSpec& spec) {
  constexpr DurationRule kProbeEvery{kMicrosPerMilli, false};
  constexpr std::size_t kMaxQueries = 1000;
  Micros every = probe.duration_or("every", kProbeEvery, 5 * kMicrosPerSecond);
  std::string endpoint = read_probe_endpoint(probe, deployment);
  std::vector<std::string> queries;
  Field list = probe.require("queries", "add the fixed queries to send, such as [\"capital of france\"]");
  for (const Field& item : list.as_array(1, "query strings")) queries.push_back(item.as_string());
  if (queries.size() > kMaxQueries) {
    list.fail(fmt::format("{} queries are more than the maximum of {}", queries.size(), kMaxQueries),
              "send fewer queries per probe, or split them over several probes");
  }
  // Runs of digits are masked by default, so timestamps and counters in an
  // answer do not read as drift.
  bool mask_digits = probe.bool_or("mask_digits", true);
  nlohmann::json masks = read_masks(probe, spec.masks);

  return {{"every", format_duration(every)}, {"endpoint", endpoint}, {"queries", queries},
          {"mask_digits", mask_digits}, {"masks", masks}};
}

// An observer's `poll` is at least a millisecond, so a run cannot schedule
// an unbounded number of polls.
nlohmann::json read_observer(const ObjectField& observer, const DeploymentSpec&, SurfaceSpec& spec) {
  constexpr DurationRule kPollInterval{kMicrosPerMilli, false};
  spec.count = static_cast<int>(observer.integer_or("count", 1, kMaxClients, 1));
  Micros poll = observer.duration_or("poll", kPollInterval, 10 * kMicrosPerSecond);
  return {{"count", spec.count}, {"poll", format_duration(poll)}};
}

const std::vector<SurfaceKindReader>& surface_readers() {
  static const std::vector<SurfaceKindReader> readers = {
      {"client", {"count", "rate", "arrivals", "writes", "endpoints", "keys", "retry", "reuse_key"}, read_client},
      {"kv_writer", {"rate", "arrivals", "instance", "keys"}, read_kv_writer},
      // A vector upserter runs inside an instance like a KV writer and has its keys.
      {"vector_upsert", {"rate", "arrivals", "instance", "keys"}, read_kv_writer},
      {"embedding_backfill", {"batch", "every", "embed_latency", "documents"}, read_embedding_backfill},
      {"cron", {"schedule", "writes", "job_duration", "entry_points"}, read_cron},
      {"worker",
       {"poll", "job_duration", "backlog", "produce_rate", "produce_from", "produce_until", "arrivals",
        "restart_backoff"},
       read_worker},
      {"tool_call", {"rate", "arrivals", "side_effects", "read_endpoint", "recheck", "keys"}, read_tool_call},
      {"ingestion", {"chunk", "every", "chunk_duration", "documents"}, read_ingestion},
      {"compaction", {"steps", "step", "poll"}, read_stepped_job},
      {"migration", {"steps", "step", "poll"}, read_stepped_job},
      {"probe", {"every", "endpoint", "queries", "mask_digits", "masks"}, read_probe},
      {"observer", {"count", "poll"}, read_observer},
  };
  return readers;
}

const SurfaceKindReader& find_reader(const Field& kind_field) {
  std::vector<std::string> available;
  for (const SurfaceKindReader& r : surface_readers()) available.push_back(r.kind);
  std::string kind = kind_field.as_string();

  for (const SurfaceKindReader& r : surface_readers()) {
    if (r.kind == kind) return r;
  }
  kind_field.fail(fmt::format("unknown surface kind \"{}\"", kind), fix_for_unknown(kind, available, "surface kinds"));
}

SurfaceSpec read_surface(const Field& field, const DeploymentSpec& deployment) {
  ObjectField object(field, "a surface");
  const SurfaceKindReader& reader =
      find_reader(object.require("kind", "add \"kind\": \"client\" or another surface kind"));
  std::vector<std::string> keys = {"kind", "name"};
  keys.insert(keys.end(), reader.keys.begin(), reader.keys.end());
  object.allow_keys(keys);

  SurfaceSpec spec;
  spec.kind = reader.kind;
  spec.pointer = field.pointer();
  spec.name = object.require("name", "add a name such as \"web\"")
                  .as_name("lower-case letters, digits, _ and -, such as \"nightly-backfill\"", is_surface_name_char);
  spec.config = reader.read(object, deployment, spec);
  spec.config["kind"] = spec.kind;
  spec.config["name"] = spec.name;
  return spec;
}

}  // namespace

std::vector<SurfaceSpec> read_surfaces(const Field& field, const DeploymentSpec& deployment) {
  std::vector<SurfaceSpec> surfaces;
  for (const Field& item : field.as_array(1, "surfaces such as { \"kind\": \"client\", ... }")) {
    SurfaceSpec spec = read_surface(item, deployment);
    for (const SurfaceSpec& earlier : surfaces) {
      if (earlier.name == spec.name) {
        ObjectField(item, "a surface").find("name")->fail(
            fmt::format("surface name \"{}\" is already used by {}", spec.name, earlier.pointer),
            "give each surface its own name");
      }
    }
    surfaces.push_back(std::move(spec));
  }
  return surfaces;
}

}  // namespace freezedrill::loader_detail
