#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_DEFECT_SWITCHES_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_DEFECT_SWITCHES_H_

#include <string>
#include <vector>

#include "fakes/banner/banner_defects.h"

namespace freezedrill {

// The corruption a defect applies to the Retry-After field of a refusal.
enum class RetryAfterDefect {
  kNone,        // one valid value, as the window policy sets
  kMissing,     // no Retry-After field
  kEmpty,       // "Retry-After: " with an empty value
  kNegative,    // "-120"
  kFractional,  // "1.5"
  kDuplicated,  // two field lines, each with the right value
};

// The reference deployment's defects, resolved once from the names in
// DeploymentSpec::defects. Names the deployment does not own (a surface's
// defects) are ignored here, because the scenario loader validates names
// against the defect catalogue.
struct DefectSwitches {
  RetryAfterDefect retry_after = RetryAfterDefect::kNone;
  bool reenable_latched = false;         // an instance's write block never clears
  bool reenable_missed_step = false;     // the gateway keeps its write deny rule
  bool mutation_unclassified = false;    // the last write endpoint's kind is not a write
  bool service_layer_unguarded = false;  // background writers skip the apply-time guard
  bool service_trusts_cached_view = false;  // the apply-time guard reads the instance's view
  bool straddle_unchecked = false;       // requests admitted with the flag off skip the guard
  bool read_post_blocked = false;        // reads sent as POST are fenced like writes
  bool error_code_per_instance = false;  // instances other than 0 send a variant of the code
  bool read_touch_fails = false;         // a read whose last-seen write is refused fails with 500
  bool stale_replica_reads = false;      // an instance that sees the flag reads from a stale replica
  bool queue_not_durable = false;        // kept intents live in memory, lost when the holder restarts
  bool replay_not_idempotent = false;    // neither retries nor the replay consult the receipts
  bool replay_before_soak = false;       // the replay starts at the flip off, before soak and closure
  bool replay_overlapping = false;       // two replays run at once, each from its own read of the queue
  bool changed_body_applied = false;     // keys are deduplicated without comparing bodies
  bool dedupe_window_short = false;      // receipts are forgotten after 5 s
  bool non_critical_kept = false;        // non-critical writes are kept like critical ones
  bool receipt_missing = false;          // a kept write is answered without its receipt
  bool flag_lost_on_restart = false;     // the flag is a lease that instance 0 keeps alive
  bool reenable_lost_in_crash = false;   // the switch-off goes through instance 0 and is lost while it is down
  bool restart_runs_migrations = false;  // a restarted instance runs migrations whatever the flag says
  // The banner pipeline's defects. With maintenance_page_cached the
  // deployment also responds to refused writes with 200 and the cached
  // maintenance page.
  BannerDefects banner;

  static DefectSwitches from_names(const std::vector<std::string>& names);
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_DEFECT_SWITCHES_H_
