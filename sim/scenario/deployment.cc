#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "sim/scenario/sections.h"

namespace freezedrill::loader_detail {
namespace {

const std::vector<std::string> kDeploymentKeys = {"kind",  "instances", "flag_propagation", "capacity", "latency",
                                                  "error_code", "code", "refuse_status", "queue", "defects",
                                                  "endpoints", "last_seen_reads", "banner"};
const std::vector<std::string> kBannerKeys = {"max_age", "s_maxage", "stale_while_revalidate", "purge",
                                              "purge_retry", "contact", "rollback"};
const std::vector<std::string> kPurgeMethods = {"url", "tag", "soft", "none"};
constexpr DurationRule kWholeSeconds{0, true};
const std::vector<std::string> kEndpointKeys = {"name", "method", "path", "write", "mutation", "critical"};
const std::vector<std::string> kMethods = {"GET", "PUT", "POST", "DELETE", "PATCH"};
constexpr int kMaxInstances = 64;

bool is_endpoint_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// RFC 9110 token characters, which a header field name consists of.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

nlohmann::json endpoint_json(const EndpointSpec& e) {
  nlohmann::json out = {{"name", e.name}, {"method", e.method}, {"path", e.path}, {"write", e.write}};
  if (e.write) {
    out["mutation"] = e.mutation;
    out["critical"] = e.critical;
  }
  return out;
}

// An RFC 6901 pointer: "/" first, and "~" only as "~0" or "~1".
void check_json_pointer(const Field& field, const std::string& pointer) {
  const char* fix = "write a JSON pointer into the response body, such as \"/code\" or \"/error/code\"";
  if (pointer.empty() || pointer[0] != '/') field.fail("a JSON pointer must start with \"/\"", fix);
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] != '~') continue;
    if (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) {
      field.fail("invalid JSON pointer: \"~\" must be followed by 0 or 1", fix);
    }
  }
}

// Exactly one of a body pointer or a header name.
ErrorCodeRule read_error_code(const ObjectField& deployment, nlohmann::json& normalised) {
  ErrorCodeRule rule;
  std::optional<Field> found = deployment.find("error_code");
  if (!found) {
    rule.pointer = "/code";
    normalised = {{"pointer", rule.pointer}};
    return rule;
  }

  ObjectField object(*found, "\"error_code\"");
  object.allow_keys({"pointer", "header"});
  if (object.has("pointer") == object.has("header")) {
    found->fail("error_code needs exactly one of \"pointer\" and \"header\"",
                "write { \"pointer\": \"/code\" } to read the code from the body, or { \"header\": \"Error-Code\" }");
  }
  if (auto pointer = object.find("pointer")) {
    rule.pointer = pointer->as_string(true);
    check_json_pointer(*pointer, rule.pointer);
    normalised = {{"pointer", rule.pointer}};
  } else {
    Field header = *object.find("header");
    rule.header = header.as_name(
        "the characters of an HTTP field name (letters, digits and !#$%&'*+-.^_`|~), such as \"Error-Code\"",
        is_token_char);
    normalised = {{"header", rule.header}};
  }
  return rule;
}

// 423 Locked (RFC 4918 section 11.3) or 503 Service Unavailable (RFC 9110
// section 15.6.4). Maintenance mode refuses reads as well, and 423 would
// tell a reader that a resource is locked, so that mode allows 503 only.
int read_refuse_status(const ObjectField& deployment, const WindowSpec& window) {
  bool maintenance = window.mode == "maintenance";
  std::optional<Field> found = deployment.find("refuse_status");
  if (!found) return maintenance ? 503 : 423;

  const nlohmann::json& value = found->json();
  if (!value.is_number_integer() || (value != 423 && value != 503)) {
    found->fail("refuse_status must be the integer 423 or 503",
                maintenance ? "write 503; maintenance mode refuses with 503 Service Unavailable only"
                            : "write 423 (Locked) or 503 (Service Unavailable), without quotes");
  }
  if (maintenance && value == 423) {
    found->fail("refuse_status 423 is not allowed in maintenance mode, which refuses reads too",
                "write 503, or set \"window\": { \"mode\": \"read_only\" } to refuse only writes");
  }
  return value.get<int>();
}

std::string read_queue_ack(const ObjectField& deployment) {
  std::optional<Field> found = deployment.find("queue");
  if (!found) return "refuse";
  ObjectField queue(*found, "\"queue\"");
  queue.allow_keys({"ack"});
  return queue.choice_or("ack", {"refuse", "202"}, "refuse", "acknowledgements");
}

std::vector<std::string> read_defect_names(const ObjectField& deployment, const DefectCatalogue& catalogue) {
  std::vector<std::string> names;
  std::optional<Field> found = deployment.find("defects");
  if (!found) return names;

  std::vector<std::string> known;
  for (const DefectEntry& entry : catalogue.all()) known.push_back(entry.name);
  for (const Field& item : found->as_array(0, "defect names")) {
    std::string name = item.as_string();
    if (catalogue.find(name) == nullptr) {
      item.fail(fmt::format("unknown defect \"{}\"", name),
                fix_for_unknown(name, known, "defects") + "; `freezedrill list defects` describes each");
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      item.fail(fmt::format("defect \"{}\" is listed twice", name), "list each defect once");
    }
    names.push_back(name);
  }
  return names;
}

// `mutation` and `critical` describe writes only.
void read_write_fields(const ObjectField& object, EndpointSpec& endpoint) {
  if (!endpoint.write) {
    for (const char* key : {"mutation", "critical"}) {
      if (auto field = object.find(key)) {
        field->fail(fmt::format("\"{}\" is only allowed on write endpoints", key),
                    fmt::format("remove \"{}\", or set \"write\": true if the endpoint changes data", key));
      }
    }
    return;
  }
  endpoint.mutation =
      object.require("mutation", "add the kind of change this write makes, such as \"put\", \"delete\" or \"upsert\"")
          .as_string();
  endpoint.critical = object.bool_or("critical", false);
}

EndpointSpec read_endpoint(const Field& field) {
  ObjectField object(field, "an endpoint");
  object.allow_keys(kEndpointKeys);

  EndpointSpec endpoint;
  endpoint.name = object.require("name", "add a name such as \"put_kv\"")
                      .as_name("lower-case letters, digits and _, such as \"put_kv\"", is_endpoint_name_char);
  endpoint.method = object.require("method", "add one of: " + join_names(kMethods)).as_choice(kMethods, "methods");

  Field path = object.require("path", "add the request path, such as \"/kv/{key}\"");
  endpoint.path = path.as_string();
  if (endpoint.path[0] != '/') path.fail("the path must start with \"/\"", "write \"/" + endpoint.path + "\"");
  if (endpoint.path.find_first_of(" \t\r\n") != std::string::npos) {
    path.fail("the path contains white space", "remove the spaces, or percent-encode them as %20");
  }

  endpoint.write = object.require("write", "add \"write\": true for an endpoint that changes data, false for a read")
                       .as_bool();
  read_write_fields(object, endpoint);
  return endpoint;
}

std::vector<EndpointSpec> read_endpoints(const ObjectField& deployment, nlohmann::json& normalised) {
  std::vector<EndpointSpec> endpoints;
  std::optional<Field> found = deployment.find("endpoints");
  if (!found) {
    endpoints = default_endpoints();
  } else {
    for (const Field& item : found->as_array(1, "endpoints")) {
      EndpointSpec endpoint = read_endpoint(item);
      for (const EndpointSpec& earlier : endpoints) {
        if (earlier.name == endpoint.name) {
          item.fail(fmt::format("endpoint name \"{}\" is used twice", endpoint.name),
                    "give each endpoint its own name");
        }
        if (earlier.method == endpoint.method && earlier.path == endpoint.path) {
          item.fail(fmt::format("{} {} is already endpoint \"{}\"", endpoint.method, endpoint.path, earlier.name),
                    "describe each method and path once");
        }
      }
      endpoints.push_back(endpoint);
    }
  }

  normalised = nlohmann::json::array();
  for (const EndpointSpec& e : endpoints) normalised.push_back(endpoint_json(e));
  return endpoints;
}

// Read endpoints of the catalogue, each once, whose handler also writes the
// caller's "last seen" time.
std::vector<std::string> read_last_seen_reads(const ObjectField& deployment, const std::vector<EndpointSpec>& endpoints) {
  std::vector<std::string> names;
  std::optional<Field> found = deployment.find("last_seen_reads");
  if (!found) return names;

  std::vector<std::string> reads;
  for (const EndpointSpec& e : endpoints) {
    if (!e.write) reads.push_back(e.name);
  }
  for (const Field& item : found->as_array(0, "read endpoint names such as \"get_kv\"")) {
    std::string name = item.as_string();
    if (std::find(reads.begin(), reads.end(), name) == reads.end()) {
      item.fail(fmt::format("\"{}\" is not a read endpoint of the deployment", name),
                fix_for_unknown(name, reads, "read endpoints"));
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      item.fail(fmt::format("endpoint \"{}\" is listed twice", name), "list each endpoint once");
    }
    names.push_back(name);
  }
  return names;
}

// Contact and rollback plan are shown to users, so they must not be blank.
std::string read_banner_text(const ObjectField& banner, std::string_view key, std::string fallback,
                             std::string_view example) {
  std::optional<Field> found = banner.find(key);
  if (!found) return fallback;
  std::string text = found->as_string(true);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    found->fail(fmt::format("the banner's {} is empty", key),
                fmt::format("write {}, or remove the key to use the default", example));
  }
  return text;
}

// `banner`: the Cache-Control the banner origin sends, how the runbook
// purges the cache, and what every banner states besides the times.
BannerSpec read_banner(const ObjectField& deployment, nlohmann::json& normalised) {
  BannerSpec spec;
  std::optional<Field> found = deployment.find("banner");
  if (found) {
    ObjectField banner(*found, "\"banner\"");
    banner.allow_keys(kBannerKeys);
    spec.max_age = banner.duration_or("max_age", kWholeSeconds, spec.max_age);
    if (banner.has("s_maxage")) spec.s_maxage = banner.optional_duration("s_maxage", kWholeSeconds);
    spec.stale_while_revalidate =
        banner.duration_or("stale_while_revalidate", kWholeSeconds, spec.stale_while_revalidate);
    spec.purge = banner.choice_or("purge", kPurgeMethods, spec.purge, "purge methods");
    spec.purge_retry = banner.duration_or("purge_retry", {1, false}, spec.purge_retry);
    spec.contact = read_banner_text(banner, "contact", spec.contact,
                                    "an address or channel, such as \"#ops or oncall@example.com\"");
    spec.rollback = read_banner_text(banner, "rollback", spec.rollback,
                                     "one sentence on what happens if the maintenance fails");
  }

  normalised = {{"max_age", format_duration(spec.max_age)},
                {"s_maxage", spec.s_maxage ? nlohmann::json(format_duration(*spec.s_maxage)) : nlohmann::json(nullptr)},
                {"stale_while_revalidate", format_duration(spec.stale_while_revalidate)},
                {"purge", spec.purge},
                {"purge_retry", format_duration(spec.purge_retry)},
                {"contact", spec.contact},
                {"rollback", spec.rollback}};
  return spec;
}

}  // namespace

std::vector<EndpointSpec> default_endpoints() {
  return {
      {"get_kv", "GET", "/kv/{key}", false, "", false},
      {"put_kv", "PUT", "/kv/{key}", true, "put", true},
      {"delete_kv", "DELETE", "/kv/{key}", true, "delete", false},
      {"search", "POST", "/search", false, "", false},
      {"upsert_vectors", "POST", "/vectors", true, "upsert", false},
  };
}

DeploymentSpec read_deployment(const Field& field, const WindowSpec& window, const DefectCatalogue& defects,
                               nlohmann::json& normalised) {
  ObjectField deployment(field, "\"deployment\"");
  deployment.allow_keys(kDeploymentKeys);

  DeploymentSpec spec;
  spec.kind = deployment.choice_or("kind", {"reference"}, "reference", "deployment kinds in sim mode");
  spec.instances = static_cast<int>(deployment.integer_or("instances", 1, kMaxInstances, 1));
  spec.flag_propagation = deployment.duration_or("flag_propagation", {}, 0);
  std::optional<Rate> capacity = deployment.optional_rate("capacity");
  if (capacity) spec.capacity = *capacity;
  spec.latency = deployment.duration_or("latency", {1, false}, 2 * kMicrosPerMilli);

  nlohmann::json error_code;
  spec.error_code = read_error_code(deployment, error_code);
  spec.code = deployment.string_or("code", "read_only");
  spec.refuse_status = read_refuse_status(deployment, window);
  spec.queue_ack = read_queue_ack(deployment);
  spec.defects = read_defect_names(deployment, defects);
  nlohmann::json endpoints;
  spec.endpoints = read_endpoints(deployment, endpoints);
  spec.last_seen_reads = read_last_seen_reads(deployment, spec.endpoints);
  nlohmann::json banner;
  spec.banner = read_banner(deployment, banner);

  normalised = {{"kind", spec.kind},
                {"instances", spec.instances},
                {"flag_propagation", format_duration(spec.flag_propagation)},
                {"capacity", capacity ? nlohmann::json(format_rate(*capacity)) : nlohmann::json(nullptr)},
                {"latency", format_duration(spec.latency)},
                {"error_code", error_code},
                {"code", spec.code},
                {"refuse_status", *spec.refuse_status},
                {"queue", {{"ack", spec.queue_ack}}},
                {"defects", spec.defects},
                {"endpoints", endpoints},
                {"last_seen_reads", spec.last_seen_reads},
                {"banner", banner}};
  return spec;
}

}  // namespace freezedrill::loader_detail
