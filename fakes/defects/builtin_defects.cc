#include "fakes/defects/builtin_defects.h"

#include <string>
#include <utility>
#include <vector>

namespace freezedrill {
namespace {

constexpr const char* kMalformedRetryAfter = "malformed Retry-After";
constexpr const char* kNeverReenabled = "writes never re-enabled";
constexpr const char* kUnclassifiedKind = "one mutation kind not classified as a write";
constexpr const char* kUnfencedBackground = "background writer not fenced";
constexpr const char* kIgnoresRetryAfter = "client ignores Retry-After";
constexpr const char* kHerdAtEnd = "thundering herd at window end";
constexpr const char* kUnboundedBackoff = "backoff unbounded by the caller's limits";

// Clean baselines with client traffic. The first refuses writes with an
// until-end Retry-After and sets backoff_bounded's max_wait. The second sends
// a short fixed Retry-After, so refused clients come back several times
// within the window.
constexpr const char* kClientsBaseline = "scenarios/baseline-clients.json";
constexpr const char* kShortRetryAfterBaseline = "scenarios/baseline-clients-short-retry-after.json";

constexpr const char* kLaggingGuard = "apply-time guard reads a lagging flag view";
constexpr const char* kStraddleUnchecked = "straddling write not checked again";
constexpr const char* kReadAsWrite = "read classified as a write";
constexpr const char* kCodePerInstance = "error code differs across instances";

// A clean baseline with writes that take 500 ms, a flag_propagation of 1 s,
// a kv_writer at a fixed 5/s and steady API writes and searches. On every
// seed, writes are in flight at S and the window has refusals and searches.
constexpr const char* kSlowWritesBaseline = "scenarios/baseline-slow-writes.json";

constexpr const char* kBackgroundIgnoresFlag = "background writer ignores flag";
constexpr const char* kFlagCheckedOnce = "flag checked once, not before every unit of work";
constexpr const char* kWorkerNeverRechecks = "worker started before the window never re-checks";
constexpr const char* kBusyLoop = "busy loop on the flag";

// A clean baseline with one of each background job surface (cron,
// embedding_backfill, worker) and clients.
constexpr const char* kBackgroundBaseline = "scenarios/baseline-background.json";

constexpr const char* kToolCallUnguarded = "tool call with side effects not fenced";
constexpr const char* kNotDrained = "long-running consumer not drained";
constexpr const char* kNotPaused = "long job not paused at its checkpoint";
constexpr const char* kReadTouchFails = "read path does an incidental write and fails";
constexpr const char* kStaleReplica = "reads served from a stale replica";

// A clean baseline with every long-running surface (tool calls, ingestion,
// compaction, migration), clients that read a last-seen endpoint, and a
// probe on search while an upserter grows the index before the window.
constexpr const char* kLongRunningBaseline = "scenarios/baseline-long-running.json";
constexpr const char* kFlagLostOnRestart = "flag lost when the process holding it restarts";
constexpr const char* kRestartCannotServe = "instance restarted during the window cannot serve reads";

// Clean drills with an instance restart: drill-04 restarts instance 0 (the
// process that ran the flip) 20 s into the window, drill-07 crashes it at E,
// while the switch-off runs.
constexpr const char* kChaosDrill = "scenarios/drill-04-refuse-writes-under-chaos.json";
constexpr const char* kReenableDrill = "scenarios/drill-07-reenable.json";

// The library scenario of a defect: "scenarios/defect-<name, '_' as '-'>.json".
std::string scenario_for(std::string name) {
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  return "scenarios/defect-" + name + ".json";
}

DefectEntry entry(std::string name, std::string failure_class, std::string description,
                  std::vector<std::string> surfaces, std::vector<std::string> checks, std::string reason) {
  std::string scenario = scenario_for(name);
  return DefectEntry{std::move(name),    std::move(failure_class), std::move(description), std::move(surfaces),
                     std::move(checks),  std::move(reason),        std::move(scenario)};
}

// write_status rejects every malformed value by its one-valid-Retry-After
// rule. The writes are still refused, so nothing else fails.
void add_retry_after_defects(DefectCatalogue& catalogue) {
  const std::string reason =
      "write_status requires exactly one valid Retry-After on every refused write. Without a valid value the "
      "clients fall back to their own backoff and retry through the window, up to their attempt limit, so "
      "backoff_bounded fails on amplification (attempts per operation first sent in the window over 3). The "
      "writes are still refused, so nothing leaks";
  const std::vector<std::string> checks = {"backoff_bounded", "write_status"};
  catalogue.add(entry("retry_after_missing", kMalformedRetryAfter, "refusals carry no Retry-After field", {}, checks,
                      reason));
  catalogue.add(entry("retry_after_empty", kMalformedRetryAfter, "refusals send Retry-After with an empty value",
                      {}, checks, reason));
  catalogue.add(entry("retry_after_negative", kMalformedRetryAfter, "refusals send Retry-After: -120", {}, checks,
                      reason));
  catalogue.add(entry("retry_after_fractional", kMalformedRetryAfter, "refusals send Retry-After: 1.5", {}, checks,
                      reason));
  catalogue.add(entry("retry_after_duplicated", kMalformedRetryAfter,
                      "refusals send two Retry-After field lines, each with the right value", {}, checks, reason));
}

void add_reenable_defects(DefectCatalogue& catalogue) {
  catalogue.add(entry("reenable_latched", kNeverReenabled,
                      "an instance's write block engages with the flag and never clears when the flag does",
                      {}, {"write_status"},
                      "writes sent after E + reenable_within still get 423/503 with the freeze code, which "
                      "write_status rejects; nothing is applied, so no_write_leak passes"));
  catalogue.add(entry("reenable_missed_step", kNeverReenabled,
                      "the exit steps clear the flag store but leave the gateway's deny rule for writes", {},
                      {"write_status"},
                      "writes sent after E + reenable_within still get 423/503 with the freeze code, which "
                      "write_status rejects; reads pass and nothing is applied"));
}

void add_fence_defects(DefectCatalogue& catalogue) {
  catalogue.add(entry("mutation_unclassified", kUnclassifiedKind,
                      "the mutation kind of the last write endpoint is not classified as a write, so the "
                      "gateway and the service layer let it through",
                      {}, {"no_write_leak", "write_status"},
                      "those writes are applied to protected storage during the window (no_write_leak) and "
                      "answered 2xx instead of 423/503 (write_status)"));
  catalogue.add(entry("service_layer_unguarded", kUnfencedBackground,
                      "the service layer skips its apply-time guard for background writers", {"kv_writer"},
                      {"no_write_leak"},
                      "a kv_writer's puts reach protected storage during the window; API writes are still "
                      "refused by the gateway, so write_status passes"));
}

DefectEntry with_baseline(DefectEntry defect, std::string baseline) {
  defect.baseline = std::move(baseline);
  return defect;
}

// Retry bugs of the clients themselves. The deployment stays correct, so
// write_status, no_write_leak and the read checks pass.
void add_client_defects(DefectCatalogue& catalogue) {
  catalogue.add(with_baseline(
      entry("client_ignores_retry_after", kIgnoresRetryAfter,
            "clients honour Retry-After only on 429 and retry 423 and 503 refusals on their own backoff",
            {"client"}, {"retry_after_respected"},
            "retries come before the deadline the refusal's Retry-After sets, which retry_after_respected "
            "rejects; the clients still stop at their attempt limit within the cap, so backoff_bounded passes"),
      kShortRetryAfterBaseline));
  catalogue.add(with_baseline(
      entry("client_no_jitter", kHerdAtEnd,
            "clients wait exactly the Retry-After, with no jitter on top, and back off without jitter otherwise",
            {"client"}, {"backoff_bounded"},
            "every client refused under an until-end Retry-After retries within about a second after E, which "
            "breaks backoff_bounded's herd bound; each retry comes exactly at its deadline, which "
            "retry_after_respected accepts"),
      kClientsBaseline));
  catalogue.add(with_baseline(
      entry("client_unbounded_retries", kUnboundedBackoff,
            "clients ignore max_attempts and retry a refused write until it succeeds or the run ends", {"client"},
            {"backoff_bounded"},
            "under a Retry-After shorter than the window an operation is refused again and again, past "
            "backoff_bounded's max_attempts; every retry still waits for Retry-After, so retry_after_respected "
            "passes"),
      kShortRetryAfterBaseline));
  catalogue.add(with_baseline(
      entry("client_exceeds_max_wait", kUnboundedBackoff,
            "clients wait for a Retry-After longer than their own max_wait instead of giving up", {"client"},
            {"backoff_bounded"},
            "an operation asked to wait longer than max_wait keeps waiting instead of giving up within "
            "max_wait, which backoff_bounded's max_wait rule rejects (the scenario sets "
            "expect.backoff_bounded.max_wait); the wait honours Retry-After, so retry_after_respected passes"),
      kClientsBaseline));
}

// The guard reads a flag that lags the store, or none at all, only around S.
void add_straddle_defects(DefectCatalogue& catalogue) {
  catalogue.add(with_baseline(
      entry("service_trusts_cached_view", kLaggingGuard,
            "the service layer's apply-time guard reads the instance's cached view of the flag instead of the "
            "flag store",
            {"kv_writer"}, {"no_write_leak"},
            "in [S, S + flag_propagation), longer on a late instance, background puts and API writes admitted "
            "before S are applied (no_write_leak); the gateway reads the store, so every write sent in the "
            "window is still refused, and the view clears well within reenable_within of E, so write_status "
            "passes"),
      kSlowWritesBaseline));
  catalogue.add(with_baseline(
      entry("straddle_unchecked", kStraddleUnchecked,
            "the service layer skips its apply-time guard for requests the gateway admitted while the flag "
            "was off",
            {}, {"no_write_leak"},
            "a write admitted before S and processed after it is applied (no_write_leak); write_status judges "
            "writes by send time, and the gateway refuses every write sent at or after S, so it passes"),
      kSlowWritesBaseline));
}

void add_response_defects(DefectCatalogue& catalogue) {
  catalogue.add(with_baseline(
      entry("read_post_blocked", kReadAsWrite,
            "the fence treats a read endpoint sent as POST (POST /search) as a write, so the gateway refuses it "
            "during a read_only window",
            {}, {"reads_healthy"},
            "POST reads sent in the window get 423 (or 503), which reads_healthy counts as errors; writes are "
            "refused as before and nothing leaks, and clients that honour Retry-After retry the refused reads "
            "after E"),
      kSlowWritesBaseline));
  catalogue.add(with_baseline(
      entry("error_code_per_instance", kCodePerInstance,
            "the refusal's error code depends on the instance the request is routed to: instance 0 sends the "
            "configured code, instance i > 0 sends \"<code>_<i>\"",
            {}, {"write_status"},
            "write_status requires one error code on every refused window write across endpoints and "
            "instances; status and Retry-After are right and nothing leaks, so no other check fails. It needs "
            "at least two instances"),
      kSlowWritesBaseline));
}

// Background jobs that write straight to storage, past the service-layer
// guard, so their own flag check is the only fence.
void add_background_defects(DefectCatalogue& catalogue) {
  const std::string unchecked_reason =
      "units of work start in the window (drains) and their writes reach protected storage, past the "
      "service-layer guard (no_write_leak); API writes are still refused, so write_status passes";
  catalogue.add(with_baseline(
      entry("cron_ignores_flag", kBackgroundIgnoresFlag,
            "the cron job skips its flag check, so every fire runs its job, in the window too", {"cron"},
            {"drains", "no_write_leak"}, unchecked_reason),
      kBackgroundBaseline));
  catalogue.add(with_baseline(
      entry("backfill_checks_flag_once", kFlagCheckedOnce,
            "the embedding backfill checks the flag before its first batch only, not before each batch",
            {"embedding_backfill"}, {"drains", "no_write_leak"}, unchecked_reason),
      kBackgroundBaseline));
  catalogue.add(with_baseline(
      entry("worker_never_rechecks", kWorkerNeverRechecks,
            "a queue worker checks the flag when it starts, never again, so one started before the window "
            "keeps taking jobs in it",
            {"worker"}, {"drains", "no_write_leak"}, unchecked_reason),
      kBackgroundBaseline));
  catalogue.add(with_baseline(
      entry("supervisor_busy_loop", kBusyLoop,
            "the supervisor restarts an exited worker 20 ms later, with no backoff, so while the flag is on "
            "the worker exits and restarts 50 times a second",
            {"worker"}, {"drains"},
            "each restart and the flag check after it count towards drains' max_poll_rate, far above it; the "
            "worker exits before taking a job, so no unit starts and nothing is written"),
      kBackgroundBaseline));
}

// Long-running work that must stop or pause for the window.
void add_long_running_defects(DefectCatalogue& catalogue) {
  catalogue.add(with_baseline(
      entry("tool_call_unguarded", kToolCallUnguarded,
            "the agent's tool executor runs side-effecting tool calls at once, without checking the flag",
            {"tool_call"}, {"no_write_leak"},
            "side effects of calls made in the window reach the protected side_effects sink (no_write_leak). A "
            "tool call is not a unit of work and the executor polls less, not more, so drains passes, and "
            "read-only tools and the API are unchanged"),
      kLongRunningBaseline));
  catalogue.add(with_baseline(
      entry("ingestion_not_drained", kNotDrained,
            "the feed consumer checks the flag before its first chunk only, so it keeps taking chunks in the "
            "window",
            {"ingestion"}, {"drains", "no_write_leak"},
            "chunks start in the window (drains) and their documents reach the protected document store "
            "(no_write_leak); API writes are still refused, so write_status passes"),
      kLongRunningBaseline));
  catalogue.add(with_baseline(
      entry("compaction_not_paused", kNotPaused,
            "the compaction never checks the flag, so it keeps starting and committing steps through the window",
            {"compaction"}, {"drains", "no_write_leak"},
            "compaction steps start in the window (drains) and commit their segments to protected storage "
            "(no_write_leak); nothing else changes"),
      kLongRunningBaseline));
  catalogue.add(with_baseline(
      entry("migration_not_paused", kNotPaused,
            "the migration checks the flag before its first step only, as a migration runner started before "
            "the window does, and never at a checkpoint",
            {"migration"}, {"drains", "no_write_leak"},
            "migration steps start in the window (drains) and commit to protected storage (no_write_leak); "
            "nothing else changes"),
      kLongRunningBaseline));
}

// Read paths that break or change their answers during the window.
void add_read_defects(DefectCatalogue& catalogue) {
  catalogue.add(with_baseline(
      entry("read_touch_fails", kReadTouchFails,
            "a read of a last_seen_reads endpoint fails with 500 when the guard refuses its incidental "
            "last-seen write, instead of skipping the write",
            {}, {"reads_healthy"},
            "reads of that endpoint sent in the window get 500, which reads_healthy counts as errors; the "
            "refused write is never applied, so no_write_leak passes, and clients do not retry a 500. It needs "
            "\"deployment.last_seen_reads\" and clients that read those endpoints"),
      kLongRunningBaseline));
  catalogue.add(with_baseline(
      entry("stale_replica_reads", kStaleReplica,
            "during the window reads are spread over replicas, and the replicas behind instances other than 0 "
            "stopped replicating at the start of the run, so they hold none of its writes",
            {"probe"}, {"read_drift"},
            "a probe's search answers in the window flip between the current index (instance 0) and an empty "
            "one, so Delta S jumps by far more than 0.04 from one answer to the next: a chaotic lambda step "
            "(read_drift). An empty answer looks like the probe's first baseline answer, so the rise rule alone "
            "would not see it. The replicas answer 200 or 404 as fast as the primary, so reads_healthy passes, "
            "and writes are fenced as before. It needs at least two instances and data written before S that "
            "the probes read"),
      kLongRunningBaseline));
}

// A clean baseline with critical and non-critical writes in the window,
// clients that retry after E, clients that give up at once, keys reused with
// another body, and a restart of the instance that holds the queue.
constexpr const char* kQueueBaseline = "scenarios/baseline-queue.json";

DefectEntry queue_entry(std::string name, std::string failure_class, std::string description,
                        std::vector<std::string> checks, std::string reason) {
  return with_baseline(entry(std::move(name), std::move(failure_class), std::move(description), {"client"},
                             std::move(checks), std::move(reason)),
                       kQueueBaseline);
}

// Defects of the intent queue, its receipts and its replay.
void add_queue_defects(DefectCatalogue& catalogue) {
  catalogue.add(queue_entry("queue_not_durable", "intent queue not durable",
                            "kept intents live in the holding instance's memory and are lost when it restarts",
                            {"idempotency", "queue_replay"},
                            "instance 0 holds the queue and restarts inside the window, so the intents it kept in "
                            "memory are gone. The replay finishes without them and queue_replay finds them lost: "
                            "the mobile clients gave up at once and never retry. Web clients retrying after E find "
                            "their key forgotten and are applied at once, answered without the receipt their kept "
                            "intent had, and keys kept again after the restart get another receipt, so idempotency "
                            "fails too. Nothing is applied in the window, so no_write_leak and write_status pass"));
  catalogue.add(queue_entry("replay_not_idempotent", "replay without idempotency",
                            "neither client retries nor the replay consult the receipts, so a retry after E is "
                            "applied at once and the replay applies the same intent again",
                            {"idempotency", "queue_replay"},
                            "a web client's retry after E of a kept key is applied at once and answered without its "
                            "receipt, and a key reused with another body is applied instead of answered 409 "
                            "(idempotency). The replay then applies the same intent again: two applications after E "
                            "(queue_replay). The window itself is unchanged, so the other checks pass"));
  catalogue.add(queue_entry("replay_before_soak", "replay before the soak ends",
                            "the replay starts when the flag is cleared, before the soak and the closure notice",
                            {"end_sequence"},
                            "the replay starts at E, before the closure notice at the last flag-off plus soak, "
                            "which end_sequence rejects. Every intent is still applied once and in order, and "
                            "retries get the stored answer with the receipt, so queue_replay and idempotency pass"));
  catalogue.add(queue_entry("replay_overlapping", "overlapping replays",
                            "two replays start together, each from its own read of the pending intents",
                            {"queue_replay"},
                            "both replays apply every pending intent, two applications after E, which queue_replay "
                            "rejects. Both record the intent's own receipt and retries get the stored answer, so "
                            "idempotency passes"));
  catalogue.add(queue_entry("changed_body_applied", "same key with another body applied",
                            "idempotency keys are deduplicated without comparing bodies: a reused key with another "
                            "body gets the first receipt in the window and is applied after it",
                            {"idempotency", "queue_replay"},
                            "a key reused with another body gets the first receipt in the window and is applied "
                            "after it instead of answered 409 (idempotency). When the reused key was kept, that "
                            "application and the replay are two applications of one key after E (queue_replay)"));
  catalogue.add(queue_entry("dedupe_window_short", "dedupe window shorter than the retry horizon",
                            "receipts are forgotten 5 s after they are recorded, while clients retry for longer",
                            {"idempotency", "queue_replay"},
                            "retries after E that come more than 5 s after their key's receipt was recorded find no "
                            "receipt: they are applied and answered without it (idempotency), and together with the "
                            "replay the key is applied twice after E (queue_replay)"));
  catalogue.add(queue_entry("non_critical_kept", "non-critical write kept",
                            "writes to non-critical endpoints are kept and replayed like critical ones instead of "
                            "dropped",
                            {"queue_replay"},
                            "delete_kv intents are kept, which queue_replay rejects because non-critical writes "
                            "must be dropped. They carry receipts and are replayed once, so idempotency and the "
                            "other checks pass"));
  catalogue.add(queue_entry("receipt_missing", "kept write answered without its receipt",
                            "a refused write whose intent is kept is answered without the Freeze-Intent receipt",
                            {"idempotency"},
                            "kept writes are answered without their Freeze-Intent receipt, which idempotency "
                            "rejects. The intents are still kept and replayed once, so queue_replay passes"));
}

// Defects that show only when an instance restarts (the instance_restart
// fault), so each baseline schedules one.
void add_restart_defects(DefectCatalogue& catalogue) {
  catalogue.add(with_baseline(
      entry("flag_lost_on_restart", kFlagLostOnRestart,
            "the flag is a key with a time to live that instance 0, the process that set it, keeps refreshing; "
            "when that instance crashes inside the window the key expires 1 s later and the restarted process "
            "never sets it again",
            {}, {"no_write_leak", "write_status"},
            "once the key expires the gateway's deny rule goes with it and the guard reads the flag off, so writes "
            "sent after that are applied to protected storage inside the window (no_write_leak) and answered 2xx "
            "instead of 423/503 (write_status); reads are served throughout, and clients that were refused before "
            "the expiry give up on the long Retry-After, so the client checks pass"),
      kQueueBaseline));
  catalogue.add(with_baseline(
      entry("reenable_lost_in_crash", kNeverReenabled,
            "the switch-off at E is a step of instance 0; when that instance is down at E the step is lost and "
            "nothing resumes it, so the flag stays on",
            {}, {"end_sequence", "queue_replay", "write_status"},
            "writes sent after E + reenable_within still get 423/503 with the freeze code, which write_status "
            "rejects; the operator, unaware that the step was lost, posts the closure notice while the flag was "
            "never cleared, which end_sequence rejects, and the replay after it is refused by the guard, so the "
            "kept intents are never applied (queue_replay); nothing is applied and reads pass, and the clients give "
            "up on a Retry-After above their max_wait, so backoff_bounded passes"),
      kReenableDrill));
  catalogue.add(with_baseline(
      entry("restart_runs_migrations", kRestartCannotServe,
            "a restarted instance runs its startup migration whatever the flag says; inside the window the store "
            "refuses it and the instance, failing to start, answers every request 500",
            {}, {"drains", "reads_healthy"},
            "the migration step starts inside the window, a unit of work that drains rejects, and the guard "
            "refuses its write, so nothing leaks (no_write_leak passes); from then on a third of the reads get "
            "500, far above reads_healthy's error budget; writes are refused at the gateway during the window as "
            "before, so write_status passes"),
      kChaosDrill));
}

// A clean baseline with writing clients, twenty banner observers behind a
// cache that keeps the banner for 5 minutes, and a window extended while it
// runs, so every step of the banner runbook is exercised.
constexpr const char* kBannerBaseline = "scenarios/baseline-banner.json";

constexpr const char* kStaleBanner = "stale banner or maintenance page";
constexpr const char* kInexactNotice = "notice without exact times";
constexpr const char* kMissingNotice = "notice missing";

void add_banner_defects(DefectCatalogue& catalogue) {
  catalogue.add(with_baseline(
      entry("maintenance_page_cached", kStaleBanner,
            "refused requests get the gateway's maintenance page with 200 OK, and the banner route is cached "
            "for a day (max-age=86400) and never purged",
            {"client", "observer"}, {"banner", "write_status"},
            "writes in the window get 200 instead of 423/503 with Retry-After (write_status); observers keep the "
            "banner they cached before the announcement, so no change reaches them within max_stale (banner). "
            "Nothing is applied, so no_write_leak passes, and no client is refused, so the retry checks pass"),
      kBannerBaseline));
  catalogue.add(with_baseline(
      entry("banner_not_purged", kStaleBanner,
            "the runbook never purges the banner cache, so each change waits for the cached copy to expire",
            {"observer"}, {"banner"},
            "with s-maxage 5 minutes the observers see the announcement, the extension and the end late, past "
            "max_stale (banner); the write path is untouched, so every other check passes"),
      kBannerBaseline));
  catalogue.add(with_baseline(
      entry("banner_times_inexact", kInexactNotice,
            "banners and status posts state local times to the minute without a UTC offset "
            "(\"2026-03-01 02:01\")",
            {}, {"banner"},
            "a time without offset and seconds does not name the instant, which banner rejects; the write path "
            "is untouched"),
      kBannerBaseline));
  catalogue.add(with_baseline(
      entry("closure_notice_missing", kMissingNotice,
            "no closure banner or closure status post follows the window", {}, {"banner", "end_sequence"},
            "banner requires a closure banner and a closure status post at or after E once they are due, and "
            "the replay step that follows the closure step then starts without a closure notice, which "
            "end_sequence rejects even when the queue is empty; the write path is untouched"),
      kBannerBaseline));
  catalogue.add(with_baseline(
      entry("extension_not_announced", kMissingNotice,
            "an extension moves the end of the window and the Retry-After, but the banner and the status page "
            "keep the old end",
            {}, {"banner"},
            "banner requires a banner and an update status post stating the new end before the old end passes; "
            "until_end Retry-After values follow the new end, so write_status passes"),
      kBannerBaseline));
}

DefectCatalogue make_catalogue() {
  DefectCatalogue catalogue;
  add_retry_after_defects(catalogue);
  add_reenable_defects(catalogue);
  add_fence_defects(catalogue);
  add_client_defects(catalogue);
  add_straddle_defects(catalogue);
  add_response_defects(catalogue);
  add_background_defects(catalogue);
  add_long_running_defects(catalogue);
  add_read_defects(catalogue);
  add_queue_defects(catalogue);
  add_restart_defects(catalogue);
  add_banner_defects(catalogue);
  return catalogue;
}

}  // namespace

const DefectCatalogue& builtin_defects() {
  static const DefectCatalogue catalogue = make_catalogue();
  return catalogue;
}

}  // namespace freezedrill
