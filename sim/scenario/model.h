#ifndef FREEZEDRILL_SIM_SCENARIO_MODEL_H_
#define FREEZEDRILL_SIM_SCENARIO_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/cron_schedule.h"
#include "sim/core/embedding.h"
#include "sim/core/time.h"
#include "sim/history/header.h"

namespace freezedrill {

// A validated scenario. Every field holds its resolved default; `normalised`
// is the same content as JSON (durations and rates in canonical text), from
// which the scenario hash is computed.

// A scheduled extension of the window (`window.extensions`): at `at` the
// operator moves the end to `end`.
struct WindowExtensionSpec {
  Micros at = 0;
  Micros end = 0;  // whole seconds, later than the end in force at `at`
};

// The runbook's escalation (`window.escalation`): while the window is on,
// the operator looks at its monitoring every `every` and extends the window
// by `extend_by` when reads fail or drift, at most `max_extensions` times.
struct EscalationSpec {
  std::optional<std::int64_t> read_errors;  // failed reads since S or the last extension; nullopt: off
  std::optional<double> delta_s;            // a probe answer's Delta S above this; nullopt: off
  Micros extend_by = 60 * kMicrosPerSecond;  // whole seconds
  int max_extensions = 1;
  Micros every = kMicrosPerSecond;
};

struct WindowSpec {
  Micros start = 0;  // S, whole seconds
  Micros end = 0;    // E, whole seconds
  std::string mode = "read_only";  // or "maintenance"
  RetryAfterPolicy retry_after;    // default: until_end, seconds form
  Micros announce_lead = 0;
  Micros soak = 0;
  std::vector<WindowExtensionSpec> extensions;  // time order
  std::optional<EscalationSpec> escalation;     // nullopt: no triggered extension
};

// The deployment's banner policy (`deployment.banner`): the Cache-Control the
// banner origin sends, how the runbook purges the cache in front of it, and
// the contact and rollback plan every banner states.
struct BannerSpec {
  Micros max_age = 0;                                 // whole seconds
  std::optional<Micros> s_maxage = 300 * kMicrosPerSecond;  // nullopt: no s-maxage directive
  Micros stale_while_revalidate = 0;                  // whole seconds
  std::string purge = "url";                          // url, tag, soft or none
  Micros purge_retry = kMicrosPerSecond;              // wait before retrying a failed purge
  std::string contact = "oncall@example.com";
  std::string rollback =
      "If the maintenance cannot finish, writes are re-enabled on the previous version and kept writes are "
      "replayed.";
  // The UTC offset of the scenario's epoch, in minutes. Banners and status
  // posts state their times with it. Set by the loader, not a scenario key.
  int utc_offset_minutes = 0;
};

struct DeploymentSpec {
  std::string kind = "reference";
  int instances = 1;
  Micros flag_propagation = 0;
  Rate capacity;                    // per instance; zero means unlimited
  Micros latency = 2 * kMicrosPerMilli;  // base service time of one request
  ErrorCodeRule error_code;         // where clients read the code
  std::string code = "read_only";   // the stable code the deployment sends
  // The status of a refusal: 423 or 503, and only 503 in maintenance mode.
  // The loader always sets it; nullopt means the mode's default (423 in
  // read_only mode, 503 in maintenance mode).
  std::optional<int> refuse_status;
  std::string queue_ack = "refuse"; // or "202"
  std::vector<std::string> defects;
  std::vector<EndpointSpec> endpoints;
  // Read endpoints whose handler also writes the caller's "last seen" time
  // (`last_seen_reads`), an incidental write the fence must skip.
  std::vector<std::string> last_seen_reads;
  BannerSpec banner;
};

// A client's token-bucket retry budget (`retry.budget`).
struct RetryBudgetSpec {
  int tokens = 10;                       // the bucket's size; it starts full
  std::int64_t ratio_thousandths = 100;  // tokens each success adds, in thousandths of a token
};

// Client retry policy as the client itself is configured. Checks never read
// this: their limits come from `expect`.
struct RetrySpec {
  // none, fixed, exponential, full_jitter, equal_jitter, decorrelated_jitter
  std::string policy = "none";
  Micros base = 250 * kMicrosPerMilli;
  Micros cap = 10 * kMicrosPerSecond;
  int max_attempts = 6;
  bool respect_retry_after = true;
  std::optional<Micros> max_wait;
  std::optional<RetryBudgetSpec> budget;  // nullopt: no budget
};

// embedding_backfill: the backlog it embeds and upserts, batch by batch.
struct BackfillSpec {
  int batch = 64;                               // documents per batch
  Micros every = 2 * kMicrosPerSecond;          // from one flag check to the next
  Micros embed_latency = 50 * kMicrosPerMilli;  // the embedder's answer time for one batch
  std::int64_t documents = 10000;               // the backlog; the backfill stops when it is done
};

// cron: when it fires and what one run does.
struct CronSpec {
  JobSchedule schedule;
  int writes = 10;                          // KV writes per run
  Micros job_duration = kMicrosPerSecond;   // the writes are spread over it
  std::vector<std::string> entry_points;    // empty: one entry point named after the surface
};

// worker: the job backlog, the worker's loop and its supervisor.
struct WorkerSpec {
  Micros poll = kMicrosPerSecond;                 // from one flag check to the next
  Micros job_duration = 200 * kMicrosPerMilli;    // one job, ending in its upsert
  int backlog = 0;                                // jobs waiting at t = 0
  std::optional<Rate> produce_rate;               // the producer's rate; nullopt: no producer
  Micros produce_from = 0;                        // the producer's first possible job
  std::optional<Micros> produce_until;            // no job at or after it; nullopt: the run's end
  Micros restart_base = kMicrosPerSecond;         // the supervisor's first restart delay
  Micros restart_cap = 30 * kMicrosPerSecond;     // its longest restart delay
};

// tool_call: an agent's tool calls, some with side effects.
struct ToolCallSpec {
  double side_effects = 0.5;                    // fraction of calls that have a side effect
  std::string read_endpoint;                    // what read-only tools call
  Micros recheck = 5 * kMicrosPerSecond;        // from one flag check for deferred calls to the next
};

// ingestion: a feed consumer that writes documents chunk by chunk.
struct IngestionSpec {
  int chunk = 50;                                  // documents per chunk
  Micros every = kMicrosPerSecond;                 // from one flag check to the next
  Micros chunk_duration = 500 * kMicrosPerMilli;   // the chunk's writes are spread over it
  std::int64_t documents = 1000000;                // the feed; the consumer stops when it is done
};

// compaction, migration: a long job of steps with a checkpoint after each.
struct SteppedJobSpec {
  int steps = 100;                         // steps of the job
  Micros step = kMicrosPerSecond;          // one step; it commits at its checkpoint
  Micros poll = kMicrosPerSecond;          // from one flag check to the next while paused
};

struct SurfaceSpec {
  std::string kind;     // client, kv_writer, ..., tool_call, ingestion, compaction, migration, probe
  std::string name;
  std::string pointer;  // "/surfaces/2", for messages
  int count = 1;        // clients: how many independent users
  Rate rate;            // per actor
  bool fixed_arrivals = false;  // arrivals: "fixed" instead of Poisson
  double writes = 0.0;  // clients: fraction of operations that are writes
  std::vector<std::string> endpoints;  // endpoint names to use; empty: all of the right kind
  int keys = 100;       // size of the key space
  // clients: fraction of write operations that reuse the idempotency key of
  // the client's previous write with another body (a client bug the
  // deployment must answer with 409)
  double reuse_key = 0.0;
  int instance = 0;     // kv_writer, vector_upsert: the instance it runs inside
  RetrySpec retry;
  BackfillSpec backfill;
  CronSpec cron;
  WorkerSpec worker;
  ToolCallSpec tool_call;
  IngestionSpec ingestion;
  SteppedJobSpec stepped;
  std::vector<MaskRule> masks;  // probe: masking rules, in order
  nlohmann::json config = nlohmann::json::object();  // the whole object, normalised
};

struct FaultSpec {
  std::string kind;  // a kind from fault_catalogue(): flag_late, flag_cleared, instance_restart, ...
  std::string pointer;
  Micros at = 0;
  int instance = -1;
  Micros delay = 0;   // flag_late: the extra delay; latency_spike: the extra latency; straddling_write: the hold
  Micros length = 0;  // instance_restart: the downtime; latency_spike, partition: the span; flag_lost: until resync
  Micros offset = 0;  // clock_skew: the server's clock minus the clients' clock, signed
  std::string target; // cron_at_start: the cron surface; straddling_write: the write endpoint
  Micros span = 0;    // purge_failing: how long purges fail, from `at`
  nlohmann::json config = nlohmann::json::object();
};

struct Scenario {
  int version = 1;
  std::string name;
  std::string service;
  std::string description;
  std::uint64_t seed = 1;
  std::string epoch;
  std::int64_t epoch_unix = 0;
  Micros duration = 0;
  WindowSpec window;
  DeploymentSpec deployment;
  std::vector<SurfaceSpec> surfaces;
  std::vector<FaultSpec> faults;
  nlohmann::json expect = nlohmann::json::object();  // {"check": {"option": value}}
  bool allow_inconclusive = false;
  std::vector<std::string> expect_failure;  // sorted

  std::string source;      // the path as given, for messages and reports
  nlohmann::json normalised;
  std::string hash;        // FNV-1a 64 of normalised.dump(), hex

  bool has_surface_kind(std::string_view kind) const;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_SCENARIO_MODEL_H_
