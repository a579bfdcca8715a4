#include "fakes/deployment/intent_desk.h"

#include <climits>
#include <utility>

#include <nlohmann/json.hpp>

#include "sim/core/hash.h"

namespace freezedrill {
namespace {

// The replayer applies one intent at a time, this long apart.
constexpr Micros kReplayInterval = 5 * kMicrosPerMilli;
// The dedupe window of the dedupe_window_short defect: far shorter than the
// time clients keep retrying a refused write.
constexpr Micros kShortDedupeWindow = 5 * kMicrosPerSecond;

constexpr std::string_view kConflictProblemType = "urn:freezedrill:problem:idempotency-key-conflict";
constexpr std::string_view kChangedBodyDetail =
    "This Idempotency-Key was first sent with another request body. Nothing was applied.";
constexpr std::string_view kInFlightDetail =
    "A request with this Idempotency-Key is still being processed. Nothing was applied.";

std::uint64_t body_hash_of(const HttpRequest& request) {
  return request.body.empty() ? 0 : fnv1a64(request.body);
}

// The request a kept intent stands for, as the replay sends it on.
HttpRequest request_for(const KeptIntent& intent) {
  return HttpRequest{intent.request_id, intent.method, intent.path, intent.endpoint,
                     {{"Idempotency-Key", intent.idempotency_key}}, intent.body, intent.actor};
}

}  // namespace

std::string idempotency_key_of(const HttpRequest& request) {
  for (const auto& [name, value] : request.headers) {
    if (header_name_equals(name, "Idempotency-Key")) return value;
  }
  return "";
}

// One running replay. Overlapping replays (a defect) share `running` and
// walk a snapshot of the pending intents each, instead of the queue.
struct IntentDesk::Replay {
  ReplayApplier apply;
  std::function<void()> done;
  std::shared_ptr<int> running;
  std::vector<KeptIntent> snapshot;
  std::size_t next = 0;
};

IntentDesk::IntentDesk(Runtime& runtime, const DeploymentSpec& spec, const FlagStore& flags,
                       const ProblemResponder& problems, const EndpointRouter& router, const DefectSwitches& defects,
                       std::filesystem::path queue_file)
    : runtime_(runtime),
      spec_(spec),
      flags_(flags),
      problems_(problems),
      router_(router),
      queue_file_(std::move(queue_file)),
      ack_202_(spec.queue_ack == "202"),
      durable_(!defects.queue_not_durable),
      dedupe_(!defects.replay_not_idempotent),
      compare_bodies_(!defects.changed_body_applied),
      keep_non_critical_(defects.non_critical_kept),
      send_receipt_(!defects.receipt_missing),
      overlapping_replays_(defects.replay_overlapping),
      replay_at_flip_off_(defects.replay_before_soak) {
  if (defects.dedupe_window_short) dedupe_window_ = kShortDedupeWindow;
  open_queue();
}

void IntentDesk::open_queue() {
  if (!durable_) {
    queue_ = make_memory_queue();
    return;
  }
  std::string error;
  queue_ = open_sqlite_queue(queue_file_, error);
  if (!queue_) throw QueueError("cannot open the intent queue in the run directory: " + error);
}

void IntentDesk::restart_holder() {
  queue_.reset();
  open_queue();
}

std::int64_t IntentDesk::dedupe_floor() const {
  return dedupe_window_ ? runtime_.now() - *dedupe_window_ : INT64_MIN;
}

std::optional<HttpResponse> IntentDesk::screen(const HttpRequest& request, const RouteMatch& route, int instance) {
  std::string key = idempotency_key_of(request);
  if (key.empty() || !dedupe_ || !route.endpoint->write) return std::nullopt;
  std::optional<ReceiptRecord> known = queue_->find_receipt(key, dedupe_floor());
  if (!known) {
    queue_->record_receipt(ReceiptRecord{key, body_hash_of(request), "", kInFlight, runtime_.now()});
    return std::nullopt;
  }

  if (known->status == kInFlight) return conflict(instance, kInFlightDetail);
  if (known->body_hash != body_hash_of(request)) {
    if (!compare_bodies_) return std::nullopt;  // processed as a new write
    return conflict(instance, kChangedBodyDetail);
  }
  if (known->status == 0) {
    // Kept and waiting for replay: accepted, and the replay applies it.
    HttpResponse response;
    answer_with_receipt(response, known->receipt, instance);
    response.status = 202;
    return response;
  }
  return stored_answer(*known, instance);
}

void IntentDesk::on_refused(const HttpRequest& request, const RouteMatch& route, HttpResponse& response) {
  // A refusal after the flag is cleared (a latched write block) is not the
  // freeze: nothing is kept for it.
  if (!flags_.on()) return;
  if (!route.endpoint->critical && !keep_non_critical_) {
    drop(request, route, "non_critical");
    return;
  }
  keep_critical(request, route, response);
}

void IntentDesk::keep_critical(const HttpRequest& request, const RouteMatch& route, HttpResponse& response) {
  std::string key = idempotency_key_of(request);
  if (key.empty()) {
    drop(request, route, "no_idempotency_key");
    return;
  }

  KeptIntent intent;
  intent.idempotency_key = key;
  intent.endpoint = route.endpoint->name;
  intent.method = request.method;
  intent.path = request.path;
  intent.storage_key = route.params.empty() ? route.endpoint->name : route.params.front();
  intent.body_hash = body_hash_of(request);
  intent.body = request.body;
  intent.actor = request.origin;
  intent.request_id = request.request_id;
  intent.kept_at = runtime_.now();
  KeepResult result = queue_->keep(intent);

  if (result.outcome == KeepOutcome::kConflict && compare_bodies_) {
    drop(request, route, "conflict");
    if (ack_202_ && route.endpoint->critical) response = conflict(response.instance, kChangedBodyDetail);
    return;
  }
  if (result.outcome == KeepOutcome::kConflict) {
    // Deduplicated by key alone: the changed body gets the first receipt.
    std::optional<ReceiptRecord> known = queue_->find_receipt(key, INT64_MIN);
    result.receipt = known ? known->receipt : "";
  }
  if (result.outcome == KeepOutcome::kKept) {
    History& h = runtime_.history();
    runtime_.record(ev::IntentKept{h.intern(key), h.intern(intent.endpoint), h.intern(intent.storage_key),
                                   h.intern(result.receipt), intent.body_hash, h.intern(intent.actor),
                                   intent.request_id});
  }
  if (ack_202_ && route.endpoint->critical) {
    int instance = response.instance;
    response = HttpResponse{};
    answer_with_receipt(response, result.receipt, instance);
    response.status = 202;
    return;
  }
  if (send_receipt_ && !result.receipt.empty()) response.add_header("Freeze-Intent", result.receipt);
}

void IntentDesk::drop(const HttpRequest& request, const RouteMatch& route, std::string_view reason) {
  History& h = runtime_.history();
  std::string key = idempotency_key_of(request);
  runtime_.record(ev::IntentDropped{key.empty() ? kNoStr : h.intern(key), h.intern(route.endpoint->name),
                                    h.intern(request.origin), request.request_id, h.intern(reason)});
}

void IntentDesk::on_answered(const HttpRequest& request, const HttpResponse& response) {
  std::string key = idempotency_key_of(request);
  if (key.empty() || !dedupe_) return;
  if (response.status < 200 || response.status >= 300) {
    queue_->forget_receipt(key);
    return;
  }
  queue_->record_receipt(ReceiptRecord{key, body_hash_of(request), "", response.status, runtime_.now()});
}

// A JSON answer naming the receipt, with Date and, unless receipt_missing,
// the Freeze-Intent header. The caller sets the status.
void IntentDesk::answer_with_receipt(HttpResponse& response, const std::string& receipt, int instance) const {
  response.instance = instance;
  problems_.add_date(response);
  response.add_header("Content-Type", "application/json");
  if (send_receipt_ && !receipt.empty()) {
    response.add_header("Freeze-Intent", receipt);
    response.body = nlohmann::ordered_json{{"receipt", receipt}}.dump();
  }
}

HttpResponse IntentDesk::conflict(int instance, std::string_view detail) const {
  nlohmann::ordered_json body;
  body["type"] = kConflictProblemType;
  body["title"] = "Idempotency key conflict";
  body["status"] = 409;
  body["detail"] = detail;
  HttpResponse response;
  response.status = 409;
  response.instance = instance;
  problems_.add_date(response);
  response.add_header("Content-Type", "application/problem+json");
  response.body = body.dump();
  return response;
}

HttpResponse IntentDesk::stored_answer(const ReceiptRecord& record, int instance) const {
  HttpResponse response;
  answer_with_receipt(response, record.receipt, instance);
  response.status = record.status;
  if (record.status == 204) response.body.clear();
  return response;
}

void IntentDesk::replay(ReplayApplier apply, std::function<void()> done) {
  runtime_.record(ev::PhaseChanged{Phase::kReplay});
  if (!overlapping_replays_) {
    auto replay = std::make_shared<Replay>(Replay{std::move(apply), std::move(done), std::make_shared<int>(1), {}, 0});
    runtime_.schedule_at(runtime_.now(), Runtime::Lane::kActor, [this, replay] { replay_step(replay); });
    return;
  }

  // replay_overlapping: two replayers start together, each from its own read
  // of the pending intents, and neither sees what the other applied.
  auto running = std::make_shared<int>(2);
  std::vector<KeptIntent> snapshot = queue_->pending();
  for (int worker = 0; worker < 2; ++worker) {
    auto replay = std::make_shared<Replay>(Replay{apply, done, running, snapshot, 0});
    runtime_.schedule_at(runtime_.now() + worker * (kReplayInterval / 2), Runtime::Lane::kActor,
                         [this, replay] { replay_snapshot_step(replay); });
  }
}

void IntentDesk::replay_step(const std::shared_ptr<Replay>& replay) {
  std::optional<KeptIntent> replayed =
      queue_->replay_next([&](const KeptIntent& intent) { return apply_intent(intent, replay->apply); });
  // Drained, or the guard refused: a refused intent stays pending.
  if (!replayed) {
    finish(replay);
    return;
  }
  runtime_.schedule_after(kReplayInterval, [this, replay] { replay_step(replay); });
}

void IntentDesk::replay_snapshot_step(const std::shared_ptr<Replay>& replay) {
  if (replay->next >= replay->snapshot.size()) {
    finish(replay);
    return;
  }
  const KeptIntent& intent = replay->snapshot[replay->next++];
  std::optional<RouteMatch> route = router_.match(intent.method, intent.path);
  HttpRequest request = request_for(intent);
  if (route) {
    if (std::optional<int> status = replay->apply(request, *route)) {
      record_replayed(intent, "applied");
      queue_->record_receipt(ReceiptRecord{intent.idempotency_key, intent.body_hash, intent.receipt, *status,
                                           runtime_.now()});
    }
  }
  runtime_.schedule_after(kReplayInterval, [this, replay] { replay_snapshot_step(replay); });
}

void IntentDesk::finish(const std::shared_ptr<Replay>& replay) {
  if (--*replay->running > 0) return;
  runtime_.record(ev::PhaseChanged{Phase::kTail});
  if (replay->done) replay->done();
}

// The apply step inside the transaction that marks the intent replayed. A
// key a client retry already applied is a duplicate: marked, not applied.
std::optional<int> IntentDesk::apply_intent(const KeptIntent& intent, const ReplayApplier& apply) {
  if (dedupe_) {
    std::optional<ReceiptRecord> known = queue_->find_receipt(intent.idempotency_key, dedupe_floor());
    if (known && known->status != 0) {
      record_replayed(intent, "duplicate");
      return known->status;
    }
  }

  std::optional<RouteMatch> route = router_.match(intent.method, intent.path);
  if (!route) {
    record_replayed(intent, "failed");
    return std::nullopt;
  }
  HttpRequest request = request_for(intent);
  std::optional<int> status = apply(request, *route);
  record_replayed(intent, status ? "applied" : "failed");
  return status;
}

void IntentDesk::record_replayed(const KeptIntent& intent, std::string_view outcome) {
  History& h = runtime_.history();
  runtime_.record(ev::IntentReplayed{h.intern(intent.idempotency_key), h.intern(intent.storage_key),
                                     h.intern(intent.receipt), h.intern(outcome)});
}

}  // namespace freezedrill
