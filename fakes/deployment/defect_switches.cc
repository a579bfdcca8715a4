#include "fakes/deployment/defect_switches.h"

#include <array>
#include <string_view>

namespace freezedrill {
namespace {

struct NamedSwitch {
  std::string_view name;
  void (*turn_on)(DefectSwitches&);
};

constexpr std::array<NamedSwitch, 31> kSwitches = {{
    {"retry_after_missing", [](DefectSwitches& d) { d.retry_after = RetryAfterDefect::kMissing; }},
    {"retry_after_empty", [](DefectSwitches& d) { d.retry_after = RetryAfterDefect::kEmpty; }},
    {"retry_after_negative", [](DefectSwitches& d) { d.retry_after = RetryAfterDefect::kNegative; }},
    {"retry_after_fractional", [](DefectSwitches& d) { d.retry_after = RetryAfterDefect::kFractional; }},
    {"retry_after_duplicated", [](DefectSwitches& d) { d.retry_after = RetryAfterDefect::kDuplicated; }},
    {"reenable_latched", [](DefectSwitches& d) { d.reenable_latched = true; }},
    {"reenable_missed_step", [](DefectSwitches& d) { d.reenable_missed_step = true; }},
    {"mutation_unclassified", [](DefectSwitches& d) { d.mutation_unclassified = true; }},
    {"service_layer_unguarded", [](DefectSwitches& d) { d.service_layer_unguarded = true; }},
    {"service_trusts_cached_view", [](DefectSwitches& d) { d.service_trusts_cached_view = true; }},
    {"straddle_unchecked", [](DefectSwitches& d) { d.straddle_unchecked = true; }},
    {"read_post_blocked", [](DefectSwitches& d) { d.read_post_blocked = true; }},
    {"error_code_per_instance", [](DefectSwitches& d) { d.error_code_per_instance = true; }},
    {"read_touch_fails", [](DefectSwitches& d) { d.read_touch_fails = true; }},
    {"stale_replica_reads", [](DefectSwitches& d) { d.stale_replica_reads = true; }},
    {"queue_not_durable", [](DefectSwitches& d) { d.queue_not_durable = true; }},
    {"replay_not_idempotent", [](DefectSwitches& d) { d.replay_not_idempotent = true; }},
    {"replay_before_soak", [](DefectSwitches& d) { d.replay_before_soak = true; }},
    {"replay_overlapping", [](DefectSwitches& d) { d.replay_overlapping = true; }},
    {"changed_body_applied", [](DefectSwitches& d) { d.changed_body_applied = true; }},
    {"dedupe_window_short", [](DefectSwitches& d) { d.dedupe_window_short = true; }},
    {"non_critical_kept", [](DefectSwitches& d) { d.non_critical_kept = true; }},
    {"receipt_missing", [](DefectSwitches& d) { d.receipt_missing = true; }},
    {"flag_lost_on_restart", [](DefectSwitches& d) { d.flag_lost_on_restart = true; }},
    {"reenable_lost_in_crash", [](DefectSwitches& d) { d.reenable_lost_in_crash = true; }},
    {"restart_runs_migrations", [](DefectSwitches& d) { d.restart_runs_migrations = true; }},
    {"maintenance_page_cached", [](DefectSwitches& d) { d.banner.maintenance_page_cached = true; }},
    {"banner_not_purged", [](DefectSwitches& d) { d.banner.not_purged = true; }},
    {"banner_times_inexact", [](DefectSwitches& d) { d.banner.times_inexact = true; }},
    {"closure_notice_missing", [](DefectSwitches& d) { d.banner.closure_missing = true; }},
    {"extension_not_announced", [](DefectSwitches& d) { d.banner.extension_silent = true; }},
}};

}  // namespace

DefectSwitches DefectSwitches::from_names(const std::vector<std::string>& names) {
  DefectSwitches switches;
  for (const std::string& name : names) {
    for (const NamedSwitch& s : kSwitches) {
      if (s.name == name) s.turn_on(switches);
    }
  }
  return switches;
}

}  // namespace freezedrill
