#include "sim/checks/idempotency.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "sim/checks/intent_index.h"
#include "sim/checks/text.h"
#include "sim/checks/window.h"

namespace freezedrill {
namespace {

struct Tally {
  std::int64_t keys_repeated = 0;
  std::int64_t receipts_seen = 0;
  std::int64_t receipt_mismatches = 0;
  std::int64_t receipts_missing = 0;
  std::int64_t changed_bodies = 0;
  std::int64_t changed_bodies_answered_409 = 0;
  std::int64_t changed_bodies_wrongly_answered = 0;
  std::int64_t changed_bodies_applied = 0;
};

// The first receipt of each key, from kept intents, replays and responses
// in history order.
using FirstReceipts = std::unordered_map<StrId, StrId>;

bool same_or_first(FirstReceipts& first, StrId key, StrId receipt) {
  auto [it, inserted] = first.try_emplace(key, receipt);
  return inserted || it->second == receipt;
}

Evidence response_evidence(const History& h, const IntentIndex::Response& r, std::string detail) {
  return Evidence{r.t, std::string(h.str(r.event->actor)), r.event->instance, r.event->request_id,
                  std::move(detail)};
}

bool answered(std::uint16_t status) { return (status >= 200 && status < 300) || status == 423 || status == 503; }

void judge_response_receipt(const History& h, const IntentIndex& index, const IntentIndex::Response& r,
                            FirstReceipts& first, Tally& tally, CheckResult& result) {
  const ev::ResponseReceived& resp = *r.event;
  if (index.changed_body(resp.request_id)) return;  // the body rule judges it
  StrId key = index.key_of(resp);
  if (resp.receipt != kNoStr) {
    ++tally.receipts_seen;
    if (same_or_first(first, key, resp.receipt)) return;
    ++tally.receipt_mismatches;
    result.add_evidence(response_evidence(h, r, fmt::format("key \"{}\" answered with receipt {} after {}",
                                                            h.str(key), h.str(resp.receipt), h.str(first[key]))));
    return;
  }

  const IntentIndex::Kept* kept = index.first_kept(key);
  if (kept == nullptr || kept->index > r.index || !answered(resp.status)) return;
  ++tally.receipts_missing;
  result.add_evidence(response_evidence(
      h, r, fmt::format("key \"{}\" answered {} without the receipt {} of its kept intent", h.str(key), resp.status,
                        h.str(kept->event->receipt))));
}

// Same key, same receipt: on kept and replayed intents and on responses.
void judge_receipts(const History& h, const IntentIndex& index, Tally& tally, CheckResult& result) {
  FirstReceipts first;
  std::size_t next_response = 0;
  const std::vector<Event>& events = h.events();
  for (std::size_t i = 0; i < events.size(); ++i) {
    StrId key = kNoStr;
    StrId receipt = kNoStr;
    if (const auto* kept = std::get_if<ev::IntentKept>(&events[i].body)) {
      key = kept->idempotency_key;
      receipt = kept->receipt;
    } else if (const auto* replayed = std::get_if<ev::IntentReplayed>(&events[i].body)) {
      key = replayed->idempotency_key;
      receipt = replayed->receipt;
    }
    if (key != kNoStr && receipt != kNoStr && !same_or_first(first, key, receipt)) {
      ++tally.receipt_mismatches;
      result.add_evidence(Evidence{events[i].t, "", kNoInstance, 0,
                                   fmt::format("key \"{}\" got receipt {} after {}", h.str(key), h.str(receipt),
                                               h.str(first[key]))});
    }
    while (next_response < index.responses.size() && index.responses[next_response].index == i) {
      judge_response_receipt(h, index, index.responses[next_response++], first, tally, result);
    }
  }
}

// A changed body is answered 409, or inside the window refused like any
// write but without the key's receipt. A server error without a receipt
// (5xx: an instance down, cut off from the flag store or crashed mid-request)
// took nothing, like a transport failure, so it is not judged.
void judge_changed_answers(const History& h, const IntentIndex& index, const FenceWindow& window, Tally& tally,
                           CheckResult& result) {
  for (const IntentIndex::Response& r : index.responses) {
    const ev::ResponseReceived& resp = *r.event;
    if (!index.changed_body(resp.request_id)) continue;
    ++tally.changed_bodies;
    if (resp.status == 0) continue;
    if (resp.status == 409) {
      ++tally.changed_bodies_answered_409;
      continue;
    }
    bool frozen = (resp.status == 423 || resp.status == 503) && window.contains(r.t);
    bool server_error = resp.status >= 500 && resp.status <= 599;
    if ((frozen || server_error) && resp.receipt == kNoStr) continue;
    ++tally.changed_bodies_wrongly_answered;
    result.add_evidence(response_evidence(
        h, r, fmt::format("key \"{}\" reused with another body answered {}{} instead of 409",
                          h.str(index.key_of(resp)), resp.status,
                          resp.receipt == kNoStr ? "" : fmt::format(" with receipt {}", h.str(resp.receipt)))));
  }
}

// A changed body applies nothing: no protected mutation and no kept intent.
void judge_changed_effects(const History& h, const IntentIndex& index, Tally& tally, CheckResult& result) {
  for (const auto& [key, applications] : index.applied) {
    for (const IntentIndex::Applied& a : applications) {
      if (!index.changed_body(a.event->request_id)) continue;
      ++tally.changed_bodies_applied;
      result.add_evidence(Evidence{a.t, std::string(h.str(a.event->origin)), a.event->instance,
                                   a.event->request_id,
                                   fmt::format("key \"{}\" reused with another body was applied to \"{}\" key \"{}\"",
                                               h.str(key), h.str(a.event->sink), h.str(a.event->key))});
    }
  }
  for (const IntentIndex::Kept& k : index.kept) {
    if (!index.changed_body(k.event->request_id)) continue;
    ++tally.changed_bodies_applied;
    result.add_evidence(Evidence{k.t, std::string(h.str(k.event->actor)), kNoInstance, k.event->request_id,
                                 fmt::format("key \"{}\" reused with another body was kept for replay as {}",
                                             h.str(k.event->idempotency_key), h.str(k.event->receipt))});
  }
}

std::int64_t repeated_keys(const IntentIndex& index) {
  std::unordered_map<StrId, int> sends;
  for (const auto& [id, request] : index.requests) ++sends[request.event->idempotency_key];
  return std::count_if(sends.begin(), sends.end(), [](const auto& entry) { return entry.second > 1; });
}

void add_figures(CheckResult& result, const Tally& t, std::int64_t kept) {
  result.add_figure("keys_sent_more_than_once", t.keys_repeated);
  result.add_figure("intents_kept", kept);
  result.add_figure("receipts_seen", t.receipts_seen);
  result.add_figure("receipt_mismatches", t.receipt_mismatches);
  result.add_figure("receipts_missing", t.receipts_missing);
  result.add_figure("changed_bodies", t.changed_bodies);
  result.add_figure("changed_bodies_answered_409", t.changed_bodies_answered_409);
  result.add_figure("changed_bodies_not_409", t.changed_bodies_wrongly_answered);
  result.add_figure("changed_bodies_applied_or_kept", t.changed_bodies_applied);
}

void set_verdict(CheckResult& result, const Tally& t, std::int64_t kept) {
  std::stable_sort(result.evidence.begin(), result.evidence.end(),
                   [](const Evidence& a, const Evidence& b) { return a.t < b.t; });
  std::int64_t faults =
      t.receipt_mismatches + t.receipts_missing + t.changed_bodies_wrongly_answered + t.changed_bodies_applied;
  if (faults > 0) {
    result.verdict = Verdict::kFail;
    result.summary = fmt::format("{} receipt mismatches, {} answers without the kept receipt, {} changed bodies "
                                 "not answered 409, {} changed bodies applied or kept. First: {}",
                                 t.receipt_mismatches, t.receipts_missing, t.changed_bodies_wrongly_answered,
                                 t.changed_bodies_applied, result.evidence.front().detail);
    return;
  }
  if (t.keys_repeated == 0 && kept == 0 && t.receipts_seen == 0) {
    result.verdict = Verdict::kNotApplicable;
    result.summary = "no idempotency key was sent twice, no intent was kept and no response carried a receipt";
    return;
  }
  result.verdict = Verdict::kPass;
  result.summary = fmt::format("{} sent more than once kept one receipt each; {} reused with another body, {} "
                               "answered 409, none applied",
                               count_text(t.keys_repeated, "key", "keys"),
                               count_text(t.changed_bodies, "request", "requests"), t.changed_bodies_answered_409);
}

}  // namespace

std::string_view IdempotencyCheck::summary() const {
  return "the same idempotency key returns the same receipt; the same key with another body gets 409 and "
         "applies nothing";
}

std::string_view IdempotencyCheck::remedy() const {
  return "Store the first body hash, receipt and answer of every Idempotency-Key, in the same transaction as "
         "the intent. Answer a retry with the stored receipt and answer, answer the key with another body 409 "
         "without applying it, and keep the records for longer than the clients' whole retry horizon.";
}

CheckResult IdempotencyCheck::run(const History& history, const CheckOptions& /*options*/) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  const IntentIndex index(history);
  const FenceWindow window = fence_window(history, 0);

  Tally tally;
  tally.keys_repeated = repeated_keys(index);
  judge_receipts(history, index, tally, result);
  judge_changed_answers(history, index, window, tally, result);
  judge_changed_effects(history, index, tally, result);

  auto kept = static_cast<std::int64_t>(index.kept.size());
  add_figures(result, tally, kept);
  set_verdict(result, tally, kept);
  return result;
}

}  // namespace freezedrill
