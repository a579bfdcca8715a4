#include "sim/checks/queue_replay.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/checks/intent_index.h"
#include "sim/checks/text.h"
#include "sim/checks/window.h"

namespace freezedrill {
namespace {

// Whether the replay began, and whether it finished: a tail phase after the
// last replay phase.
struct ReplayProgress {
  bool started = false;
  bool finished = false;
};

ReplayProgress replay_progress(const History& history) {
  ReplayProgress p;
  for (const Event& e : history.events()) {
    const auto* phase = std::get_if<ev::PhaseChanged>(&e.body);
    if (phase == nullptr) continue;
    if (phase->phase == Phase::kReplay) p = {true, false};
    if (phase->phase == Phase::kTail && p.started) p.finished = true;
  }
  return p;
}

struct Tally {
  std::int64_t kept = 0;
  std::int64_t dropped = 0;
  std::int64_t applied_once = 0;
  std::int64_t applied_more = 0;
  std::int64_t lost = 0;
  std::int64_t awaiting_replay = 0;
  std::int64_t out_of_order = 0;
  std::int64_t non_critical_kept = 0;
  std::int64_t critical_refusals = 0;
  std::int64_t refused_not_kept = 0;
};

Evidence kept_evidence(const History& h, const IntentIndex::Kept& k, std::string detail) {
  return Evidence{k.t, std::string(h.str(k.event->actor)), kNoInstance, k.event->request_id, std::move(detail)};
}

std::string intent_text(const History& h, const ev::IntentKept& k) {
  return fmt::format("intent {} (key \"{}\", storage key \"{}\", endpoint {})", h.str(k.receipt),
                     h.str(k.idempotency_key), h.str(k.storage_key), h.str(k.endpoint));
}

// Applications of each kept key in [E, end of run), the first kept intent
// of a key standing for the key.
struct Applications {
  std::vector<const IntentIndex::Applied*> in_span;
};

Applications applications_after(const IntentIndex& index, StrId key, Micros end) {
  Applications a;
  auto it = index.applied.find(key);
  if (it == index.applied.end()) return a;
  for (const IntentIndex::Applied& applied : it->second) {
    if (applied.t >= end) a.in_span.push_back(&applied);
  }
  return a;
}

void judge_kept(const History& h, const IntentIndex& index, Micros end, const ReplayProgress& replay, Tally& tally,
                CheckResult& result) {
  for (const IntentIndex::Kept& k : index.kept) {
    ++tally.kept;
    std::optional<bool> critical = endpoint_critical(h.header(), h.str(k.event->endpoint));
    if (!critical.value_or(false)) {
      ++tally.non_critical_kept;
      result.add_evidence(kept_evidence(h, k, intent_text(h, *k.event) + " kept from a non-critical endpoint; "
                                                                           "non-critical writes must be dropped"));
    }
    if (index.first_kept(k.event->idempotency_key) != &k) continue;  // a second intent of a key: counted once

    Applications a = applications_after(index, k.event->idempotency_key, end);
    if (a.in_span.size() == 1) ++tally.applied_once;
    if (a.in_span.size() > 1) {
      ++tally.applied_more;
      const IntentIndex::Applied& second = *a.in_span[1];
      result.add_evidence(Evidence{second.t, std::string(h.str(second.event->origin)), second.event->instance,
                                   second.event->request_id,
                                   fmt::format("{} applied {} times after E; the second at {}",
                                               intent_text(h, *k.event), a.in_span.size(), time_text(second.t))});
    }
    if (a.in_span.empty() && replay.finished) {
      ++tally.lost;
      result.add_evidence(kept_evidence(h, k, intent_text(h, *k.event) + " never applied after E, although the "
                                                                           "replay finished: the intent was lost"));
    }
    if (a.in_span.empty() && !replay.finished) ++tally.awaiting_replay;
  }
}

// Per storage key, intents must take effect in the order they were kept.
void judge_order(const History& h, const IntentIndex& index, Micros end, Tally& tally, CheckResult& result) {
  std::map<StrId, std::size_t> latest_first_application;  // storage key -> event index
  for (const IntentIndex::Kept& k : index.kept) {
    if (index.first_kept(k.event->idempotency_key) != &k) continue;
    Applications a = applications_after(index, k.event->idempotency_key, end);
    if (a.in_span.empty()) continue;
    std::size_t at = a.in_span.front()->index;
    auto [it, first] = latest_first_application.try_emplace(k.event->storage_key, at);
    if (first) continue;
    if (at < it->second) {
      ++tally.out_of_order;
      result.add_evidence(Evidence{a.in_span.front()->t, std::string(h.str(k.event->actor)), kNoInstance,
                                   k.event->request_id,
                                   fmt::format("{} applied at {}, before an intent kept earlier for the same "
                                               "storage key",
                                               intent_text(h, *k.event), time_text(a.in_span.front()->t))});
      continue;
    }
    it->second = at;
  }
}

bool accepted_or_refused(const HistoryHeader& header, std::uint16_t status) {
  return status == 423 || status == 503 || (status == 202 && header.queue_ack == "202");
}

// A critical write refused (or accepted with 202) in [S, E) must have its
// intent kept by the time its answer arrives. A changed body is
// idempotency's to judge.
void judge_refusals(const History& h, const IntentIndex& index, Micros end, Tally& tally, CheckResult& result) {
  const HistoryHeader& header = h.header();
  for (const IntentIndex::Response& r : index.responses) {
    const ev::ResponseReceived& resp = *r.event;
    if (r.t < header.start || r.t >= end || !resp.write || !accepted_or_refused(header, resp.status)) continue;
    if (!endpoint_critical(header, h.str(resp.endpoint)).value_or(false)) continue;
    if (index.changed_body(resp.request_id)) continue;
    ++tally.critical_refusals;

    const IntentIndex::Kept* kept = index.first_kept(index.key_of(resp));
    if (kept != nullptr && kept->index < r.index) continue;
    ++tally.refused_not_kept;
    result.add_evidence(Evidence{r.t, std::string(h.str(resp.actor)), resp.instance, resp.request_id,
                                 fmt::format("critical write to {} answered {} in the window, but no intent was "
                                             "kept for key \"{}\"",
                                             h.str(resp.endpoint), resp.status, h.str(index.key_of(resp)))});
  }
}

std::int64_t count_dropped(const History& h) {
  std::int64_t n = 0;
  for (const Event& e : h.events()) n += std::holds_alternative<ev::IntentDropped>(e.body) ? 1 : 0;
  return n;
}

void add_figures(CheckResult& result, const Tally& t) {
  result.add_figure("intents_kept", t.kept);
  result.add_figure("intents_dropped", t.dropped);
  result.add_figure("applied_once", t.applied_once);
  result.add_figure("applied_more_than_once", t.applied_more);
  result.add_figure("lost", t.lost);
  result.add_figure("awaiting_replay", t.awaiting_replay);
  result.add_figure("out_of_order", t.out_of_order);
  result.add_figure("non_critical_kept", t.non_critical_kept);
  result.add_figure("critical_refusals_in_window", t.critical_refusals);
  result.add_figure("refused_without_kept_intent", t.refused_not_kept);
}

void set_verdict(CheckResult& result, const Tally& t) {
  std::stable_sort(result.evidence.begin(), result.evidence.end(),
                   [](const Evidence& a, const Evidence& b) { return a.t < b.t; });
  std::int64_t faults = t.applied_more + t.lost + t.out_of_order + t.non_critical_kept + t.refused_not_kept;
  if (faults > 0) {
    result.verdict = Verdict::kFail;
    result.summary = fmt::format("{} applied more than once, {} lost, {} out of order, {} non-critical kept, {} "
                                 "refused without a kept intent. First: {}",
                                 t.applied_more, t.lost, t.out_of_order, t.non_critical_kept, t.refused_not_kept,
                                 result.evidence.front().detail);
    return;
  }
  if (t.awaiting_replay > 0) {
    result.verdict = Verdict::kInconclusive;
    result.summary = fmt::format("the run ended before the replay finished: {} not applied yet",
                                 count_text(t.awaiting_replay, "kept intent", "kept intents"));
    return;
  }
  if (t.kept == 0 && t.dropped == 0 && t.critical_refusals == 0) {
    result.verdict = Verdict::kNotApplicable;
    result.summary = "no intent was kept or dropped and no critical write was refused in the window";
    return;
  }
  result.verdict = Verdict::kPass;
  result.summary = fmt::format("{} applied exactly once after E, in enqueue order per storage key; {} dropped",
                               count_text(t.applied_once, "kept intent", "kept intents"),
                               count_text(t.dropped, "non-critical write", "non-critical writes"));
}

}  // namespace

std::string_view QueueReplayCheck::summary() const {
  return "every kept intent is applied exactly once after E, in enqueue order per storage key; none lost, "
         "non-critical writes dropped";
}

std::string_view QueueReplayCheck::remedy() const {
  return "Keep every critical write refused in the window in a durable queue with its idempotency key, drop "
         "non-critical ones, and after the closure notice replay the queue once, in enqueue order, marking each "
         "intent replayed in the same transaction that applies it and skipping keys a retry already applied.";
}

CheckResult QueueReplayCheck::run(const History& history, const CheckOptions& /*options*/) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  const Micros end = WindowEnds(history).final_end();
  const IntentIndex index(history);
  const ReplayProgress replay = replay_progress(history);

  Tally tally;
  tally.dropped = count_dropped(history);
  judge_kept(history, index, end, replay, tally, result);
  judge_order(history, index, end, tally, result);
  judge_refusals(history, index, end, tally, result);

  add_figures(result, tally);
  set_verdict(result, tally);
  return result;
}

}  // namespace freezedrill
