#ifndef FREEZEDRILL_SIM_HISTORY_EVENTS_H_
#define FREEZEDRILL_SIM_HISTORY_EVENTS_H_

#include <cstdint>
#include <string_view>
#include <variant>

#include "sim/core/time.h"
#include "sim/history/strings.h"

namespace freezedrill {

// The typed events of a history. Each struct is one event kind; its JSON
// Lines name is given by event_kind_name(). Fields that do not apply hold
// kNoStr, -1 (instances, times) or 0 (ids). The schema is versioned by
// kHistoryFormatVersion in header.h; adding a field or kind bumps it.

inline constexpr Micros kNoTime = INT64_MIN;
inline constexpr std::int32_t kNoInstance = -1;

enum class Phase : std::uint8_t { kBaseline, kAnnounce, kWindow, kSoak, kClosure, kReplay, kTail };
std::string_view phase_name(Phase p);

enum class SinkRole : std::uint8_t { kProtected, kIntentQueue, kAudit };
std::string_view sink_role_name(SinkRole r);

// The form a Retry-After field value was parsed as. kInvalid carries a reason.
enum class RetryAfterForm : std::uint8_t {
  kAbsent,       // no Retry-After field
  kDelaySeconds, // "120"
  kImfFixdate,   // "Sun, 06 Nov 1994 08:49:37 GMT"
  kRfc850,       // "Sunday, 06-Nov-94 08:49:37 GMT"
  kAsctime,      // "Sun Nov  6 08:49:37 1994"
  kInvalid,      // empty, negative, fractional, duplicated, unparseable
};
std::string_view retry_after_form_name(RetryAfterForm f);

namespace ev {

struct PhaseChanged {
  Phase phase = Phase::kBaseline;
};

// The flag store was written (by the operator, a chaos actor or a defect).
struct FlagSet {
  bool on = false;
  StrId by = kNoStr;
};

// An instance's cached view of the flag changed.
struct FlagSeen {
  std::int32_t instance = kNoInstance;
  bool on = false;
};

// An actor read the flag (a background writer before a unit of work, a
// worker in its loop, the service layer at apply time).
struct FlagPolled {
  StrId actor = kNoStr;
  std::int32_t instance = kNoInstance;
  bool on = false;
  bool from_store = true;  // false: read the instance's cached view
  // True for the service layer's apply-time guard, which reads the flag
  // because a write arrived; such reads are not an actor's own polling.
  bool guard = false;
};

struct RequestSent {
  std::uint64_t request_id = 0;
  std::uint64_t op_id = 0;         // logical operation, stable across attempts
  StrId actor = kNoStr;
  StrId idempotency_key = kNoStr;  // one per logical operation
  std::uint32_t attempt = 1;       // 1 for the first send
  StrId endpoint = kNoStr;
  bool write = false;
  StrId mutation = kNoStr;
  bool replay = false;             // sent by the intent replayer, not a client
  // 64-bit FNV-1a of the request body, 0 for a request without a body. The
  // idempotency check compares it across requests with the same key.
  std::uint64_t body_hash = 0;
};

struct ResponseReceived {
  std::uint64_t request_id = 0;
  std::uint64_t op_id = 0;
  StrId actor = kNoStr;
  StrId endpoint = kNoStr;
  bool write = false;
  std::int32_t instance = kNoInstance;
  std::uint16_t status = 0;          // 0 for a transport failure
  Micros sent_at = kNoTime;

  // Retry-After exactly as received: the number of field lines and their
  // values joined by "\n", so a check can re-parse them.
  std::uint8_t retry_after_count = 0;
  StrId retry_after_raw = kNoStr;
  // The parse done when recording (re-derivable from the raw values).
  RetryAfterForm retry_after_form = RetryAfterForm::kAbsent;
  std::int64_t retry_after_seconds = -1;  // delay-seconds, or -1
  std::int64_t retry_after_date = kNoTime; // HTTP-date as Unix seconds, or kNoTime
  StrId retry_after_error = kNoStr;        // why it is invalid

  std::int64_t date = kNoTime;  // Date header as Unix seconds, or kNoTime
  StrId error_code = kNoStr;    // extracted by the scenario's error_code rule
  StrId error_code_source = kNoStr;  // "pointer", "header", "problem_code", "problem_type"
  StrId content_type = kNoStr;
  StrId receipt = kNoStr;            // Freeze-Intent header or problem+json member
  StrId cache_control = kNoStr;
  std::int64_t cache_age = -1;       // Age header in seconds, or -1
  StrId transport_error = kNoStr;    // "timeout", "connection refused", ...
};

struct OperationGivenUp {
  std::uint64_t op_id = 0;
  StrId actor = kNoStr;
  StrId idempotency_key = kNoStr;
  StrId reason = kNoStr;  // "max_attempts", "max_wait", "budget", "not_retryable"
  std::uint32_t attempts = 0;
};

struct MutationApplied {
  StrId sink = kNoStr;
  SinkRole role = SinkRole::kProtected;
  StrId key = kNoStr;
  StrId origin = kNoStr;          // actor whose work caused it
  std::uint64_t request_id = 0;   // 0 for background work
  StrId idempotency_key = kNoStr;
  Micros admitted_at = kNoTime;   // when the gateway or scheduler admitted it
  std::int32_t instance = kNoInstance;
  StrId mutation = kNoStr;        // put, delete, upsert, ...
};

struct WorkStarted {
  StrId actor = kNoStr;
  StrId unit = kNoStr;  // "batch", "job", "migration_step", "compaction"
  std::uint64_t unit_id = 0;
  std::int32_t instance = kNoInstance;
};

struct WorkFinished {
  StrId actor = kNoStr;
  StrId unit = kNoStr;
  std::uint64_t unit_id = 0;
  std::int32_t instance = kNoInstance;
  StrId outcome = kNoStr;  // "done", "aborted", "paused"
};

struct WorkerStarted {
  StrId actor = kNoStr;
  std::uint32_t restart = 0;  // 0 for the first start
  std::int32_t instance = kNoInstance;
};

struct WindowExtended {
  Micros new_end = kNoTime;
  StrId by = kNoStr;
};

struct BannerPublished {
  std::uint32_t version = 0;
  StrId kind = kNoStr;          // "announce", "extension", "closure", "removed"
  StrId stated_start = kNoStr;  // ISO 8601 text as published
  StrId stated_end = kNoStr;
  StrId contact = kNoStr;
  StrId rollback = kNoStr;
};

struct BannerPurged {
  StrId method = kNoStr;  // "url", "tag", "soft"
  StrId target = kNoStr;
  bool ok = true;
};

struct BannerObserved {
  StrId observer = kNoStr;
  std::uint32_t version = 0;
  std::int64_t age = -1;         // Age the cache reported, in seconds
  StrId cache_status = kNoStr;   // "hit", "miss", "stale"
  StrId cache_control = kNoStr;
};

struct StatusPosted {
  StrId kind = kNoStr;  // "announce", "update", "closure"
  StrId stated_start = kNoStr;
  StrId stated_end = kNoStr;
};

struct ProbeAnswered {
  StrId probe = kNoStr;
  bool ok = false;
  StrId answer = kNoStr;  // normalised answer
  std::uint32_t embedding = 0;  // index into History::embeddings(), 0 = none
};

struct IntentKept {
  StrId idempotency_key = kNoStr;
  StrId endpoint = kNoStr;
  StrId storage_key = kNoStr;
  StrId receipt = kNoStr;
  std::uint64_t body_hash = 0;
  StrId actor = kNoStr;
  std::uint64_t request_id = 0;
};

struct IntentDropped {
  StrId idempotency_key = kNoStr;
  StrId endpoint = kNoStr;
  StrId actor = kNoStr;
  std::uint64_t request_id = 0;
  StrId reason = kNoStr;  // "non_critical", ...
};

struct IntentReplayed {
  StrId idempotency_key = kNoStr;
  StrId storage_key = kNoStr;
  StrId receipt = kNoStr;
  StrId outcome = kNoStr;  // "applied", "duplicate", "conflict", "failed"
};

struct FaultInjected {
  StrId fault = kNoStr;
  std::int32_t instance = kNoInstance;
  StrId detail = kNoStr;  // compact JSON of the fault's parameters
};

}  // namespace ev

using EventBody =
    std::variant<ev::PhaseChanged, ev::FlagSet, ev::FlagSeen, ev::FlagPolled, ev::RequestSent,
                 ev::ResponseReceived, ev::OperationGivenUp, ev::MutationApplied, ev::WorkStarted,
                 ev::WorkFinished, ev::WorkerStarted, ev::WindowExtended, ev::BannerPublished,
                 ev::BannerPurged, ev::BannerObserved, ev::StatusPosted, ev::ProbeAnswered,
                 ev::IntentKept, ev::IntentDropped, ev::IntentReplayed, ev::FaultInjected>;

struct Event {
  Micros t = 0;
  EventBody body;
};

// JSON Lines name of an event kind, by variant index ("request_sent", ...).
std::string_view event_kind_name(std::size_t index);
inline std::string_view event_kind_name(const Event& e) { return event_kind_name(e.body.index()); }
inline constexpr std::size_t kEventKindCount = std::variant_size_v<EventBody>;

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_HISTORY_EVENTS_H_
