#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_INTENT_DESK_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_INTENT_DESK_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fakes/deployment/defect_switches.h"
#include "fakes/deployment/endpoint_router.h"
#include "fakes/deployment/flag_store.h"
#include "fakes/deployment/problem_response.h"
#include "fakes/queue/intent_queue.h"
#include "fakes/transport/transport.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// Applies a replayed intent to protected storage now and returns the status
// to store as its answer, or nullopt when the guard refuses it.
using ReplayApplier = std::function<std::optional<int>(const HttpRequest&, const RouteMatch&)>;

// The part of the reference deployment that keeps write intents during the
// window and replays them after it, over the durable intent queue
// (fakes/queue), held by instance 0.
//
// - A critical write refused while the flag store is on has its intent kept
//   (intent_kept) and its response carries the receipt in a Freeze-Intent
//   header; under queue.ack "202" it is answered 202 Accepted instead. A
//   non-critical one is dropped and counted (intent_dropped, non_critical).
// - Every write with an Idempotency-Key is deduplicated: a retry of a kept
//   key gets its receipt again (the refusal in the window, 202 while the
//   intent waits for replay, the stored answer after it), and nothing is
//   applied twice. The same key with another body gets 409 outside the
//   window and applies nothing; inside it the refusal comes first.
// - replay() applies the pending intents one by one in enqueue order, each
//   inside the transaction that marks it replayed, and skips a key a client
//   retry already applied (outcome duplicate).
class IntentDesk {
 public:
  IntentDesk(Runtime& runtime, const DeploymentSpec& spec, const FlagStore& flags, const ProblemResponder& problems,
             const EndpointRouter& router, const DefectSwitches& defects, std::filesystem::path queue_file);

  // Before an admitted write is processed: the answer for a known key, or
  // nullopt to process it. Processing reserves the key, so a second request
  // with it gets 409 until the first is answered.
  std::optional<HttpResponse> screen(const HttpRequest& request, const RouteMatch& route, int instance);

  // A write refused by the freeze (gateway or service-layer guard): keeps or
  // drops its intent and adjusts the response.
  void on_refused(const HttpRequest& request, const RouteMatch& route, HttpResponse& response);

  // An admitted write was answered: records a 2xx answer for
  // deduplication, and releases the key's reservation otherwise (before
  // on_refused(), which may then keep the intent).
  void on_answered(const HttpRequest& request, const HttpResponse& response);

  // Replays the queue; `done` runs when the queue is drained. Records
  // phase_changed replay at the start and tail at the end.
  void replay(ReplayApplier apply, std::function<void()> done);

  // The holding instance restarted: the queue is closed and opened again
  // from its file, and whatever it held only in memory is gone.
  void restart_holder();

  // True when the replay_before_soak defect starts the replay at the flip
  // off instead of after the closure notice.
  bool replays_at_flip_off() const { return replay_at_flip_off_; }

 private:
  struct Replay;

  void open_queue();
  std::int64_t dedupe_floor() const;
  void keep_critical(const HttpRequest& request, const RouteMatch& route, HttpResponse& response);
  void drop(const HttpRequest& request, const RouteMatch& route, std::string_view reason);
  void answer_with_receipt(HttpResponse& response, const std::string& receipt, int instance) const;
  HttpResponse conflict(int instance, std::string_view detail) const;
  HttpResponse stored_answer(const ReceiptRecord& record, int instance) const;

  void replay_step(const std::shared_ptr<Replay>& replay);
  void replay_snapshot_step(const std::shared_ptr<Replay>& replay);
  void finish(const std::shared_ptr<Replay>& replay);
  std::optional<int> apply_intent(const KeptIntent& intent, const ReplayApplier& apply);
  void record_replayed(const KeptIntent& intent, std::string_view outcome);

  Runtime& runtime_;
  const DeploymentSpec& spec_;
  const FlagStore& flags_;
  const ProblemResponder& problems_;
  const EndpointRouter& router_;
  std::filesystem::path queue_file_;
  std::unique_ptr<IntentQueue> queue_;
  bool ack_202_;
  bool durable_;               // !queue_not_durable
  bool dedupe_;                // !replay_not_idempotent
  bool compare_bodies_;        // !changed_body_applied
  bool keep_non_critical_;     // non_critical_kept
  bool send_receipt_;          // !receipt_missing
  bool overlapping_replays_;   // replay_overlapping
  bool replay_at_flip_off_;    // replay_before_soak
  std::optional<Micros> dedupe_window_;  // dedupe_window_short
};

// The Idempotency-Key header of a request, or "".
std::string idempotency_key_of(const HttpRequest& request);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_INTENT_DESK_H_
