#include "sim/history/events.h"

#include <array>

namespace freezedrill {

std::string_view phase_name(Phase p) {
  switch (p) {
    case Phase::kBaseline: return "baseline";
    case Phase::kAnnounce: return "announce";
    case Phase::kWindow: return "window";
    case Phase::kSoak: return "soak";
    case Phase::kClosure: return "closure";
    case Phase::kReplay: return "replay";
    case Phase::kTail: return "tail";
  }
  return "unknown";
}

std::string_view sink_role_name(SinkRole r) {
  switch (r) {
    case SinkRole::kProtected: return "protected";
    case SinkRole::kIntentQueue: return "intent_queue";
    case SinkRole::kAudit: return "audit";
  }
  return "unknown";
}

std::string_view retry_after_form_name(RetryAfterForm f) {
  switch (f) {
    case RetryAfterForm::kAbsent: return "absent";
    case RetryAfterForm::kDelaySeconds: return "delay_seconds";
    case RetryAfterForm::kImfFixdate: return "imf_fixdate";
    case RetryAfterForm::kRfc850: return "rfc850";
    case RetryAfterForm::kAsctime: return "asctime";
    case RetryAfterForm::kInvalid: return "invalid";
  }
  return "unknown";
}

std::string_view event_kind_name(std::size_t index) {
  // Order matches the EventBody alternatives.
  static constexpr std::array<std::string_view, kEventKindCount> kNames = {
      "phase_changed",   "flag_set",          "flag_seen",       "flag_polled",     "request_sent",
      "response_received", "operation_given_up", "mutation_applied", "work_started", "work_finished",
      "worker_started",  "window_extended",   "banner_published", "banner_purged", "banner_observed",
      "status_posted",   "probe_answered",    "intent_kept",     "intent_dropped",  "intent_replayed",
      "fault_injected"};
  return index < kNames.size() ? kNames[index] : "unknown";
}

}  // namespace freezedrill
