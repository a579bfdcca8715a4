// queue_replay, idempotency and end_sequence on hand-built histories.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "sim/checks/check.h"
#include "sim/checks/end_sequence.h"
#include "sim/checks/idempotency.h"
#include "sim/checks/queue_replay.h"

namespace freezedrill {
namespace {

constexpr Micros kSecond = kMicrosPerSecond;
constexpr Micros kStart = 60 * kSecond;
constexpr Micros kEnd = 120 * kSecond;
constexpr Micros kSoak = 10 * kSecond;
constexpr Micros kDuration = 180 * kSecond;
constexpr std::uint64_t kBody = 0x1111;
constexpr std::uint64_t kOtherBody = 0x2222;

// A history with a window [60 s, 120 s), a 10 s soak, and the endpoints
// put_kv (critical) and delete_kv (not critical).
class IntentHistory {
 public:
  IntentHistory() {
    HistoryHeader& hd = h_.header();
    hd.epoch_unix = 1772330400;
    hd.start = kStart;
    hd.end = kEnd;
    hd.soak = kSoak;
    hd.duration = kDuration;
    hd.endpoints = {EndpointSpec{"put_kv", "PUT", "/kv/{key}", true, "put", true},
                    EndpointSpec{"delete_kv", "DELETE", "/kv/{key}", true, "delete", false}};
  }

  History& history() { return h_; }

  // A client request with `key` and `body`, and its response `status`
  // with `receipt` ("" for none), both at t.
  std::uint64_t request(Micros t, const std::string& key, std::uint64_t body, int status,
                        const std::string& receipt = "", const std::string& endpoint = "put_kv") {
    std::uint64_t id = ++next_request_;
    ev::RequestSent sent;
    sent.request_id = id;
    sent.op_id = id;
    sent.actor = h_.intern("web#0");
    sent.idempotency_key = h_.intern(key);
    sent.endpoint = h_.intern(endpoint);
    sent.write = true;
    sent.mutation = h_.intern("put");
    sent.body_hash = body;
    h_.append(t, sent);

    ev::ResponseReceived r;
    r.request_id = id;
    r.op_id = id;
    r.actor = sent.actor;
    r.endpoint = sent.endpoint;
    r.write = true;
    r.status = static_cast<std::uint16_t>(status);
    r.sent_at = t;
    if (!receipt.empty()) r.receipt = h_.intern(receipt);
    h_.append(t, r);
    return id;
  }

  void kept(Micros t, const std::string& key, const std::string& storage_key, const std::string& receipt,
            std::uint64_t request_id, std::uint64_t body = kBody, const std::string& endpoint = "put_kv") {
    h_.append(t, ev::IntentKept{h_.intern(key), h_.intern(endpoint), h_.intern(storage_key), h_.intern(receipt),
                                body, h_.intern("web#0"), request_id});
  }

  // A critical write refused in the window with its intent kept.
  std::uint64_t refused_and_kept(Micros t, const std::string& key, const std::string& storage_key,
                                 const std::string& receipt) {
    std::uint64_t id = ++next_request_ + 1000;
    kept(t, key, storage_key, receipt, id);
    ev::RequestSent sent;
    sent.request_id = id;
    sent.actor = h_.intern("web#0");
    sent.idempotency_key = h_.intern(key);
    sent.endpoint = h_.intern("put_kv");
    sent.write = true;
    sent.body_hash = kBody;
    h_.append(t, sent);
    ev::ResponseReceived r;
    r.request_id = id;
    r.actor = sent.actor;
    r.endpoint = sent.endpoint;
    r.write = true;
    r.status = 423;
    r.receipt = h_.intern(receipt);
    h_.append(t, r);
    return id;
  }

  void applied(Micros t, const std::string& key, const std::string& storage_key, std::uint64_t request_id) {
    ev::MutationApplied m;
    m.sink = h_.intern("kv");
    m.role = SinkRole::kProtected;
    m.key = h_.intern(storage_key);
    m.origin = h_.intern("web#0");
    m.request_id = request_id;
    m.idempotency_key = h_.intern(key);
    m.admitted_at = t;
    m.mutation = h_.intern("put");
    h_.append(t, m);
  }

  void phase(Micros t, Phase p) { h_.append(t, ev::PhaseChanged{p}); }
  void flag_seen_off(Micros t, int instance) { h_.append(t, ev::FlagSeen{instance, false}); }
  void closure(Micros t) {
    h_.append(t, ev::StatusPosted{h_.intern("closure"), h_.intern("2026-03-01T02:01:00Z"),
                                  h_.intern("2026-03-01T02:02:00Z")});
  }
  void replayed(Micros t, const std::string& key, const std::string& storage_key, const std::string& receipt) {
    h_.append(t, ev::IntentReplayed{h_.intern(key), h_.intern(storage_key), h_.intern(receipt), h_.intern("applied")});
  }

 private:
  History h_;
  std::uint64_t next_request_ = 0;
};

CheckResult queue_replay(const History& h) { return QueueReplayCheck().run(h, CheckOptions(nlohmann::json::object())); }
CheckResult idempotency(const History& h) { return IdempotencyCheck().run(h, CheckOptions(nlohmann::json::object())); }
CheckResult end_sequence(const History& h) { return EndSequenceCheck().run(h, CheckOptions(nlohmann::json::object())); }

std::int64_t figure(const CheckResult& r, const std::string& name) {
  for (const Figure& f : r.figures) {
    if (f.name == name) return std::get<std::int64_t>(f.value);
  }
  ADD_FAILURE() << "no figure " << name;
  return -1;
}

// One kept intent replayed once after the closure: the clean end of a window.
void replay_one(IntentHistory& b, Micros replay_at, int applications) {
  std::uint64_t id = b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.phase(replay_at, Phase::kReplay);
  for (int i = 0; i < applications; ++i) b.applied(replay_at + i, "k1", "kv-1", id);
  b.replayed(replay_at, "k1", "kv-1", "intent-1");
  b.phase(replay_at + kSecond, Phase::kTail);
}

// queue_replay

TEST(Unit, QueueReplayNothingKeptIsNotApplicable) {
  IntentHistory b;
  EXPECT_EQ(queue_replay(b.history()).verdict, Verdict::kNotApplicable);
}

TEST(Unit, QueueReplayKeptIntentAppliedOncePasses) {
  IntentHistory b;
  replay_one(b, kEnd + kSoak, 1);
  CheckResult r = queue_replay(b.history());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "applied_once"), 1);
}

TEST(Unit, QueueReplayKeyAppliedTwiceFails) {
  IntentHistory b;
  replay_one(b, kEnd + kSoak, 2);
  CheckResult r = queue_replay(b.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "applied_more_than_once"), 1);
}

TEST(Unit, QueueReplayClientRetryAndReplayCountTogether) {
  IntentHistory b;
  std::uint64_t id = b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.applied(kEnd + kSecond, "k1", "kv-1", id);  // a client retry after E
  replay_one(b, kEnd + kSoak, 0);
  b.applied(kEnd + kSoak, "k1", "kv-1", id);  // and the replay
  EXPECT_EQ(queue_replay(b.history()).verdict, Verdict::kFail);
}

TEST(Unit, QueueReplayApplicationAtEndCountsOneMicroBeforeDoesNot) {
  IntentHistory at_end;
  std::uint64_t id = at_end.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  at_end.applied(kEnd, "k1", "kv-1", id);
  at_end.phase(kEnd + kSoak, Phase::kReplay);
  at_end.phase(kEnd + kSoak, Phase::kTail);
  EXPECT_EQ(queue_replay(at_end.history()).verdict, Verdict::kPass);

  IntentHistory before;
  id = before.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  before.applied(kEnd - 1, "k1", "kv-1", id);
  before.phase(kEnd + kSoak, Phase::kReplay);
  before.phase(kEnd + kSoak, Phase::kTail);
  CheckResult r = queue_replay(before.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "lost"), 1);
}

TEST(Unit, QueueReplayRunEndingBeforeReplayFinishesIsInconclusive) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.phase(kEnd + kSoak, Phase::kReplay);
  CheckResult r = queue_replay(b.history());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
  EXPECT_EQ(figure(r, "awaiting_replay"), 1);
}

TEST(Unit, QueueReplayIntentMissingAfterFinishedReplayIsLost) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.phase(kEnd + kSoak, Phase::kReplay);
  b.phase(kEnd + kSoak + kSecond, Phase::kTail);
  EXPECT_EQ(queue_replay(b.history()).verdict, Verdict::kFail);
}

TEST(Unit, QueueReplayOutOfEnqueueOrderPerStorageKeyFails) {
  IntentHistory b;
  std::uint64_t first = b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  std::uint64_t second = b.refused_and_kept(kStart + 2 * kSecond, "k2", "kv-1", "intent-2");
  b.phase(kEnd + kSoak, Phase::kReplay);
  b.applied(kEnd + kSoak, "k2", "kv-1", second);
  b.applied(kEnd + kSoak + 1, "k1", "kv-1", first);
  b.phase(kEnd + kSoak + kSecond, Phase::kTail);
  CheckResult r = queue_replay(b.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "out_of_order"), 1);
}

TEST(Unit, QueueReplayOtherStorageKeysMayInterleave) {
  IntentHistory b;
  std::uint64_t first = b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  std::uint64_t second = b.refused_and_kept(kStart + 2 * kSecond, "k2", "kv-2", "intent-2");
  b.phase(kEnd + kSoak, Phase::kReplay);
  b.applied(kEnd + kSoak, "k2", "kv-2", second);
  b.applied(kEnd + kSoak + 1, "k1", "kv-1", first);
  b.phase(kEnd + kSoak + kSecond, Phase::kTail);
  EXPECT_EQ(queue_replay(b.history()).verdict, Verdict::kPass);
}

TEST(Unit, QueueReplayNonCriticalKeptFails) {
  IntentHistory b;
  b.kept(kStart + kSecond, "k1", "kv-1", "intent-1", 5, kBody, "delete_kv");
  b.applied(kEnd + kSoak, "k1", "kv-1", 5);
  b.phase(kEnd + kSoak, Phase::kReplay);
  b.phase(kEnd + kSoak + kSecond, Phase::kTail);
  CheckResult r = queue_replay(b.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "non_critical_kept"), 1);
}

TEST(Unit, QueueReplayCriticalRefusalWithoutKeptIntentFails) {
  IntentHistory b;
  b.request(kStart, "k1", kBody, 423);
  CheckResult r = queue_replay(b.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "refused_without_kept_intent"), 1);
}

TEST(Unit, QueueReplayNonCriticalRefusalDroppedPasses) {
  IntentHistory b;
  b.request(kStart, "k1", kBody, 423, "", "delete_kv");
  b.history().append(kStart, ev::IntentDropped{b.history().intern("k1"), b.history().intern("delete_kv"),
                                               b.history().intern("web#0"), 1, b.history().intern("non_critical")});
  CheckResult r = queue_replay(b.history());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "intents_dropped"), 1);
}

// idempotency

TEST(Unit, IdempotencyNoRepeatedKeyIsNotApplicable) {
  IntentHistory b;
  b.request(kStart - kSecond, "k1", kBody, 200);
  EXPECT_EQ(idempotency(b.history()).verdict, Verdict::kNotApplicable);
}

TEST(Unit, IdempotencySameReceiptOnRetryPasses) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.request(kEnd + kSecond, "k1", kBody, 202, "intent-1");
  CheckResult r = idempotency(b.history());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

TEST(Unit, IdempotencyOtherReceiptForSameKeyFails) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.request(kEnd + kSecond, "k1", kBody, 202, "intent-9");
  CheckResult r = idempotency(b.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "receipt_mismatches"), 1);
}

TEST(Unit, IdempotencyKeptWriteAnsweredWithoutReceiptFails) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.request(kStart + 2 * kSecond, "k1", kBody, 423);
  CheckResult r = idempotency(b.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "receipts_missing"), 1);
}

TEST(Unit, IdempotencyChangedBodyAnswered409Passes) {
  IntentHistory b;
  b.request(kStart - 2 * kSecond, "k1", kBody, 200);
  b.request(kEnd + kSecond, "k1", kOtherBody, 409);
  CheckResult r = idempotency(b.history());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "changed_bodies_answered_409"), 1);
}

TEST(Unit, IdempotencyChangedBodyAnswered2xxFails) {
  IntentHistory b;
  b.request(kStart - 2 * kSecond, "k1", kBody, 200);
  b.request(kEnd + kSecond, "k1", kOtherBody, 200);
  CheckResult r = idempotency(b.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "changed_bodies_not_409"), 1);
}

TEST(Unit, IdempotencyChangedBodyAppliedFails) {
  IntentHistory b;
  b.request(kStart - 2 * kSecond, "k1", kBody, 200);
  std::uint64_t id = b.request(kEnd + kSecond, "k1", kOtherBody, 409);
  b.applied(kEnd + kSecond, "k1", "kv-1", id);
  CheckResult r = idempotency(b.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "changed_bodies_applied_or_kept"), 1);
}

TEST(Unit, IdempotencyChangedBodyRefusedInWindowWithoutReceiptPasses) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.request(kEnd - 1, "k1", kOtherBody, 423);
  EXPECT_EQ(idempotency(b.history()).verdict, Verdict::kPass);
}

TEST(Unit, IdempotencyChangedBodyRefusedWithReceiptFails) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.request(kStart + 2 * kSecond, "k1", kOtherBody, 423, "intent-1");
  EXPECT_EQ(idempotency(b.history()).verdict, Verdict::kFail);
}

TEST(Unit, IdempotencyChangedBodyRefusedAtEndFails) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.request(kEnd, "k1", kOtherBody, 423);
  EXPECT_EQ(idempotency(b.history()).verdict, Verdict::kFail);
}

TEST(Unit, IdempotencyChangedBodyServerErrorIsNotJudged) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.request(kEnd + kSecond, "k1", kOtherBody, 503);
  b.request(kEnd + 2 * kSecond, "k1", kOtherBody, 502);
  CheckResult r = idempotency(b.history());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

TEST(Unit, IdempotencyChangedBodyServerErrorWithReceiptFails) {
  IntentHistory b;
  b.refused_and_kept(kStart + kSecond, "k1", "kv-1", "intent-1");
  b.request(kEnd + kSecond, "k1", kOtherBody, 503, "intent-1");
  EXPECT_EQ(idempotency(b.history()).verdict, Verdict::kFail);
}

// end_sequence

// The last instance sees the flag off at E + 3 s; the closure and the
// replay come at the given times.
History end_history(Micros closure_at, Micros replay_at) {
  IntentHistory b;
  b.flag_seen_off(kEnd + kSecond, 0);
  b.flag_seen_off(kEnd + 3 * kSecond, 1);
  b.closure(closure_at);
  b.phase(replay_at, Phase::kReplay);
  b.phase(replay_at + kSecond, Phase::kTail);
  return std::move(b.history());
}

TEST(Unit, EndSequenceNothingToJudgeIsNotApplicable) {
  IntentHistory b;
  b.flag_seen_off(kEnd, 0);
  EXPECT_EQ(end_sequence(b.history()).verdict, Verdict::kNotApplicable);
}

TEST(Unit, EndSequenceClosureExactlyAtFlagOffPlusSoakPasses) {
  Micros due = kEnd + 3 * kSecond + kSoak;
  CheckResult r = end_sequence(end_history(due, due));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

TEST(Unit, EndSequenceClosureOneMicroBeforeFlagOffPlusSoakFails) {
  Micros due = kEnd + 3 * kSecond + kSoak;
  CheckResult r = end_sequence(end_history(due - 1, due));
  EXPECT_EQ(r.verdict, Verdict::kFail);
}

TEST(Unit, EndSequenceSoakCountsFromTheLastInstance) {
  // Soak from the first instance's flag-off is not enough.
  Micros from_first = kEnd + kSecond + kSoak;
  EXPECT_EQ(end_sequence(end_history(from_first, from_first)).verdict, Verdict::kFail);
}

TEST(Unit, EndSequenceReplayAtClosurePasses) {
  Micros closure = kEnd + 3 * kSecond + kSoak;
  EXPECT_EQ(end_sequence(end_history(closure, closure)).verdict, Verdict::kPass);
}

TEST(Unit, EndSequenceReplayOneMicroBeforeClosureFails) {
  Micros closure = kEnd + 3 * kSecond + kSoak;
  CheckResult r = end_sequence(end_history(closure, closure - 1));
  EXPECT_EQ(r.verdict, Verdict::kFail);
}

TEST(Unit, EndSequenceClosureWithFlagNeverClearedFails) {
  IntentHistory b;
  b.closure(kEnd + kSoak);
  CheckResult r = end_sequence(b.history());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.summary.find("never cleared"), std::string::npos) << r.summary;
}

TEST(Unit, EndSequenceReplayWithoutClosureFails) {
  IntentHistory b;
  b.flag_seen_off(kEnd, 0);
  b.replayed(kEnd + kSoak, "k1", "kv-1", "intent-1");
  EXPECT_EQ(end_sequence(b.history()).verdict, Verdict::kFail);
}

}  // namespace
}  // namespace freezedrill
