// The header line of a JSON Lines history: header_to_json and its reverse.

#include <fmt/format.h>

#include <limits>

#include "sim/history/jsonl.h"
#include "sim/history/jsonl_codec.h"

namespace freezedrill {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxMicros = std::numeric_limits<std::int64_t>::max();

// Every key the header line may hold; anything else is rejected so that a
// misspelt option is not silently replaced by its default.
const std::vector<std::string_view> kHeaderKeys = {
    "type",         "format",         "format_version", "tool_version",   "scenario",   "scenario_hash",
    "service",      "description",    "seed",           "epoch",          "epoch_unix", "duration_us",
    "mode",         "start_us",       "end_us",         "announce_lead_us", "soak_us",  "retry_after",
    "queue_ack",    "endpoints",      "error_code",     "defects",        "expect_failure", "deployment",
    "surfaces",     "faults",         "embedding",      "check_options",  "allow_inconclusive"};

// Encoding.

json retry_after_to_json(const RetryAfterPolicy& p) {
  json j = json::object();
  j["kind"] = p.kind == RetryAfterPolicy::Kind::kFixed ? "fixed" : "until_end";
  // Retry-After counts whole seconds, so the value is written in seconds
  // ("120s", not "2m") to match what the responses carry.
  bool whole_seconds = p.value % kMicrosPerSecond == 0;
  j["value"] = whole_seconds ? fmt::format("{}s", p.value / kMicrosPerSecond) : format_duration(p.value);
  j["form"] = p.form == RetryAfterPolicy::Form::kSeconds ? "seconds" : "date";
  j["declared"] = p.declared;
  return j;
}

json endpoint_to_json(const EndpointSpec& e) {
  json j = json::object();
  j["name"] = e.name;
  j["method"] = e.method;
  j["path"] = e.path;
  j["write"] = e.write;
  j["mutation"] = e.mutation;
  j["critical"] = e.critical;
  return j;
}

void put_identity(json& j, const HistoryHeader& h) {
  j["type"] = "header";
  j["format"] = h.format;
  j["format_version"] = h.format_version;
  j["tool_version"] = h.tool_version;
  j["scenario"] = h.scenario;
  j["scenario_hash"] = h.scenario_hash;
  j["service"] = h.service;
  j["description"] = h.description;
  j["seed"] = h.seed;
  j["epoch"] = h.epoch;
  j["epoch_unix"] = h.epoch_unix;
  j["duration_us"] = h.duration;
}

void put_window(json& j, const HistoryHeader& h) {
  j["mode"] = h.mode;
  j["start_us"] = h.start;
  j["end_us"] = h.end;
  j["announce_lead_us"] = h.announce_lead;
  j["soak_us"] = h.soak;
  j["retry_after"] = retry_after_to_json(h.retry_after);
  j["queue_ack"] = h.queue_ack;
}

void put_world(json& j, const HistoryHeader& h) {
  json endpoints = json::array();
  for (const EndpointSpec& e : h.endpoints) endpoints.push_back(endpoint_to_json(e));
  j["endpoints"] = std::move(endpoints);
  j["error_code"] = {{"pointer", h.error_code.pointer}, {"header", h.error_code.header}};
  j["defects"] = h.defects;
  j["expect_failure"] = h.expect_failure;
  j["deployment"] = h.deployment;
  j["surfaces"] = h.surfaces;
  j["faults"] = h.faults;
}

void put_checking(json& j, const HistoryHeader& h) {
  j["embedding"] = {{"ngram", h.embedding_ngram}, {"buckets", h.embedding_buckets}, {"hash", h.embedding_hash}};
  j["check_options"] = h.check_options;
  j["allow_inconclusive"] = h.allow_inconclusive;
}

// Decoding.

void read_format(const JsonFields& f, HistoryHeader& h) {
  h.format = f.text("format");
  if (h.format != kHistoryFormat) {
    f.fail("format", "not a freezedrill history",
           fmt::format("give a history written by freezedrill run --history-out; its format is \"{}\"",
                       kHistoryFormat));
  }

  std::int64_t version = f.signed_number("format_version", 1, std::numeric_limits<int>::max());
  if (version > kHistoryFormatVersion) {
    f.fail("format_version",
           fmt::format("history format version {} is newer than this freezedrill reads ({})", version,
                       kHistoryFormatVersion),
           "upgrade freezedrill to a release that reads this format version");
  }
  h.format_version = static_cast<int>(version);
}

void read_identity(const JsonFields& f, HistoryHeader& h) {
  h.tool_version = f.text_or("tool_version", "");
  h.scenario = f.text_or("scenario", "");
  h.scenario_hash = f.text_or("scenario_hash", "");
  h.service = f.text_or("service", "");
  h.description = f.text_or("description", "");
  if (f.find("seed") != nullptr) h.seed = f.unsigned_number("seed", std::numeric_limits<std::uint64_t>::max());
  h.epoch = f.text_or("epoch", "");
  h.epoch_unix = f.optional_signed("epoch_unix", std::numeric_limits<std::int64_t>::min(), kMaxMicros).value_or(0);
  h.duration = f.signed_number("duration_us", 0, kMaxMicros);
}

std::string read_choice(const JsonFields& f, std::string_view key, std::string fallback,
                        const std::vector<std::string_view>& choices) {
  std::string value = f.text_or(key, std::move(fallback));
  for (std::string_view choice : choices) {
    if (value == choice) return value;
  }
  f.fail(key, fmt::format("invalid {}", key), fmt::format("use one of: {}", fmt::join(choices, ", ")));
}

RetryAfterPolicy read_retry_after(const JsonFields& parent) {
  RetryAfterPolicy p;
  const json* object = parent.optional_object("retry_after");
  if (object == nullptr) return p;

  JsonFields f(*object, parent.place(), "retry_after of the header", parent.pointer_to("retry_after"));
  f.reject_unknown({"kind", "value", "form", "declared"});
  std::string kind = read_choice(f, "kind", "fixed", {"fixed", "until_end"});
  p.kind = kind == "fixed" ? RetryAfterPolicy::Kind::kFixed : RetryAfterPolicy::Kind::kUntilEnd;
  std::string form = read_choice(f, "form", "seconds", {"seconds", "date"});
  p.form = form == "seconds" ? RetryAfterPolicy::Form::kSeconds : RetryAfterPolicy::Form::kDate;
  p.declared = f.flag_or("declared", false);

  if (f.find("value") != nullptr) {
    auto value = parse_duration(f.text("value"));
    if (!value) f.fail("value", "invalid duration", "write a duration such as \"120s\" or \"2m\"");
    p.value = *value;
  }
  return p;
}

void read_window(const JsonFields& f, HistoryHeader& h) {
  h.mode = read_choice(f, "mode", "read_only", {"read_only", "maintenance"});
  h.start = f.signed_number("start_us", 0, kMaxMicros);
  h.end = f.signed_number("end_us", 0, kMaxMicros);
  h.announce_lead = f.optional_signed("announce_lead_us", 0, kMaxMicros).value_or(0);
  h.soak = f.optional_signed("soak_us", 0, kMaxMicros).value_or(0);
  h.retry_after = read_retry_after(f);
  h.queue_ack = read_choice(f, "queue_ack", "refuse", {"refuse", "202"});
}

EndpointSpec read_endpoint(const json& item, const JsonFields& parent, std::size_t index) {
  std::string pointer = fmt::format("{}/{}", parent.pointer_to("endpoints"), index);
  if (!item.is_object()) {
    throw InputError(InputError::Place{parent.place().source, parent.place().line, 0, pointer},
                     "invalid endpoint in the header", dump_json(item), "write each endpoint as a JSON object");
  }

  JsonFields f(item, parent.place(), "endpoint", pointer);
  f.reject_unknown({"name", "method", "path", "write", "mutation", "critical"});
  EndpointSpec e;
  e.name = f.text("name");
  e.method = f.text_or("method", "");
  e.path = f.text_or("path", "");
  e.write = f.flag("write");
  e.mutation = f.text_or("mutation", "");
  e.critical = f.flag_or("critical", false);
  return e;
}

ErrorCodeRule read_error_code(const JsonFields& parent) {
  ErrorCodeRule rule;
  const json* object = parent.optional_object("error_code");
  if (object == nullptr) return rule;

  JsonFields f(*object, parent.place(), "error_code of the header", parent.pointer_to("error_code"));
  f.reject_unknown({"pointer", "header"});
  rule.pointer = f.text_or("pointer", "");
  rule.header = f.text_or("header", "");
  return rule;
}

void read_world(const JsonFields& f, HistoryHeader& h) {
  if (const json* endpoints = f.optional_array("endpoints")) {
    for (std::size_t i = 0; i < endpoints->size(); ++i) h.endpoints.push_back(read_endpoint((*endpoints)[i], f, i));
  }
  h.error_code = read_error_code(f);
  h.defects = f.text_list("defects");
  h.expect_failure = f.text_list("expect_failure");
  if (const json* deployment = f.optional_object("deployment")) h.deployment = *deployment;
  if (const json* surfaces = f.optional_array("surfaces")) h.surfaces = *surfaces;
  if (const json* faults = f.optional_array("faults")) h.faults = *faults;
}

void read_checking(const JsonFields& f, HistoryHeader& h) {
  if (const json* embedding = f.optional_object("embedding")) {
    JsonFields e(*embedding, f.place(), "embedding of the header", f.pointer_to("embedding"));
    e.reject_unknown({"ngram", "buckets", "hash"});
    constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();
    h.embedding_ngram = static_cast<int>(e.optional_signed("ngram", 1, kMaxInt).value_or(h.embedding_ngram));
    h.embedding_buckets = static_cast<int>(e.optional_signed("buckets", 1, kMaxInt).value_or(h.embedding_buckets));
    h.embedding_hash = e.text_or("hash", h.embedding_hash);
  }
  if (const json* options = f.optional_object("check_options")) h.check_options = *options;
  h.allow_inconclusive = f.flag_or("allow_inconclusive", false);
}

}  // namespace

json header_to_json(const HistoryHeader& h) {
  json j = json::object();
  put_identity(j, h);
  put_window(j, h);
  put_world(j, h);
  put_checking(j, h);
  return j;
}

HistoryHeader header_from_json(const json& line, const LinePlace& place) {
  JsonFields f(line, place, "header");
  const json* type = f.find("type");
  if (type == nullptr || *type != "header") {
    std::string problem = f.find("kind") != nullptr ? "the first line is an event, not the header"
                                                     : "the first line is not a history header";
    f.fail("type", std::move(problem),
           "start the history with its header line, {\"type\": \"header\", \"format\": \"freezedrill-history\", ...}");
  }

  HistoryHeader h;
  read_format(f, h);
  f.reject_unknown(kHeaderKeys);
  read_identity(f, h);
  read_window(f, h);
  read_world(f, h);
  read_checking(f, h);
  return h;
}

}  // namespace freezedrill
