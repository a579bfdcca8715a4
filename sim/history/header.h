#ifndef FREEZEDRILL_SIM_HISTORY_HEADER_H_
#define FREEZEDRILL_SIM_HISTORY_HEADER_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/time.h"

namespace freezedrill {

inline constexpr const char* kHistoryFormat = "freezedrill-history";
// Version 2 added body_hash to request_sent. A version 1 history is still
// read: its requests have no body hash.
inline constexpr int kHistoryFormatVersion = 2;

// One entry of the deployment's endpoint catalogue.
struct EndpointSpec {
  std::string name;
  std::string method;   // GET, PUT, POST, DELETE, PATCH
  std::string path;     // "/kv/{key}"
  bool write = false;
  std::string mutation; // for writes: put, delete, batch_write, index_create, ...
  bool critical = false;  // a write whose intent is kept during the window
};

// The location of the stable error code in a refused write's response.
struct ErrorCodeRule {
  std::string pointer;  // JSON pointer into the body, e.g. "/code"
  std::string header;   // or a response header name
};

// The Retry-After a deployment sends during the window.
struct RetryAfterPolicy {
  enum class Kind { kFixed, kUntilEnd };
  enum class Form { kSeconds, kDate };
  Kind kind = Kind::kFixed;
  Micros value = 120 * kMicrosPerSecond;  // for kFixed, whole seconds
  Form form = Form::kSeconds;
  // True when the scenario states the policy; write_status then requires
  // every Retry-After to match it.
  bool declared = false;
};

// The first record of a history: everything needed to re-check the run
// without the scenario file. Surfaces, faults and the deployment are kept as
// the validated, normalised JSON of the scenario.
struct HistoryHeader {
  std::string format = kHistoryFormat;
  int format_version = kHistoryFormatVersion;
  std::string tool_version;

  std::string scenario;
  std::string scenario_hash;  // FNV-1a 64 of the normalised scenario JSON, hex
  std::string service;
  std::string description;
  std::uint64_t seed = 0;
  std::string epoch;          // RFC 3339, as in the scenario
  std::int64_t epoch_unix = 0;
  Micros duration = 0;

  std::string mode = "read_only";  // or "maintenance"
  Micros start = 0;                // planned S (whole seconds)
  Micros end = 0;                  // planned E (whole seconds)
  Micros announce_lead = 0;
  Micros soak = 0;
  RetryAfterPolicy retry_after;
  std::string queue_ack = "refuse";  // or "202"

  std::vector<EndpointSpec> endpoints;
  ErrorCodeRule error_code;
  std::vector<std::string> defects;
  std::vector<std::string> expect_failure;

  nlohmann::json deployment = nlohmann::json::object();
  nlohmann::json surfaces = nlohmann::json::array();
  nlohmann::json faults = nlohmann::json::array();

  // Read-drift embedding parameters: character n-grams hashed into signed buckets.
  int embedding_ngram = 3;
  int embedding_buckets = 256;
  std::string embedding_hash = "fnv1a64";

  // Every check's options with defaults resolved: {"check": {"option": value}}.
  // Durations are strings in scenario syntax ("5s"); an option that is off is null.
  nlohmann::json check_options = nlohmann::json::object();
  bool allow_inconclusive = false;

  const EndpointSpec* find_endpoint(std::string_view name) const;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_HISTORY_HEADER_H_
