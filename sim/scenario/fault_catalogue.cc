#include "sim/scenario/fault_catalogue.h"

#include <algorithm>

namespace freezedrill {

std::string_view fault_class_name(FaultClass c) { return c == FaultClass::kHandled ? "handled" : "detected"; }

const std::vector<FaultKind>& fault_catalogue() {
  static const std::vector<FaultKind> kinds = {
      {"flag_late", FaultClass::kHandled, "instance, delay, at",
       "an instance's cached view follows flag changes `delay` late; the gateway and the apply-time guard read "
       "the store, so nothing leaks"},
      {"flag_lost", FaultClass::kHandled, "instance, at, resync_after",
       "an instance's cached view misses every flag change from `at` and re-reads the store after "
       "`resync_after`; the gateway and the guard read the store, so nothing leaks"},
      {"flag_cleared", FaultClass::kDetected, "at",
       "another actor clears the flag store inside the window; writes go through, so checks must fail"},
      {"cron_at_start", FaultClass::kHandled, "surface",
       "every entry point of a cron surface fires exactly at S; the flag is set first, so each run returns "
       "early"},
      {"straddling_write", FaultClass::kHandled, "endpoint, at, hold",
       "a write sent at `at`, before S, is held `hold` in its instance and processed after S; the apply-time "
       "guard refuses it"},
      {"latency_spike", FaultClass::kHandled, "instance, at, length, extra",
       "requests an instance admits in [at, at + length) are answered `extra` later; a short spike stays within "
       "the read latency budget"},
      {"instance_restart", FaultClass::kHandled, "instance, at, downtime",
       "an instance crashes at `at` and restarts after `downtime`: the gateway routes around it, retries its "
       "in-flight reads elsewhere, answers its in-flight writes 502, and it comes up read-only with the flag "
       "store's value"},
      {"clock_skew", FaultClass::kHandled, "offset, at",
       "from `at` the deployment's clock runs `offset` ahead of the clients' (negative: behind), which moves "
       "Date and until_end Retry-After values; handled while |offset| stays within skew_tolerance"},
      {"partition", FaultClass::kHandled, "instance, at, length",
       "an instance cannot reach the flag store for `length`: it fails closed, refusing writes with 503 "
       "flag_store_unreachable, while reads keep working"},
      {"purge_failing", FaultClass::kHandled, "at, duration",
       "the banner cache's purge API fails in [at, at + duration); the runbook retries each purge every "
       "purge_retry, so a change still reaches every observer within max_stale while the outage plus "
       "purge_retry plus the observers' poll interval fits in it"},
  };
  return kinds;
}

const FaultKind* find_fault_kind(std::string_view kind) {
  const std::vector<FaultKind>& kinds = fault_catalogue();
  auto it = std::find_if(kinds.begin(), kinds.end(), [&](const FaultKind& k) { return k.kind == kind; });
  return it == kinds.end() ? nullptr : &*it;
}

}  // namespace freezedrill
