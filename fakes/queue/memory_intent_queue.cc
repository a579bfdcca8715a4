#include <map>

#include "fakes/queue/intent_queue.h"

namespace freezedrill {
namespace {

// Everything in process memory: what an instance that buffers intents in RAM
// loses when it restarts.
class MemoryIntentQueue final : public IntentQueue {
 public:
  KeepResult keep(const KeptIntent& intent) override {
    if (auto it = receipts_.find(intent.idempotency_key); it != receipts_.end()) {
      if (it->second.body_hash != intent.body_hash) return {KeepOutcome::kConflict, "", 0};
      return {KeepOutcome::kDuplicate, it->second.receipt, 0};
    }
    KeptIntent stored = intent;
    stored.seq = ++last_seq_;
    stored.receipt = receipt_for(stored.seq);
    intents_[stored.seq] = stored;
    receipts_[intent.idempotency_key] =
        ReceiptRecord{intent.idempotency_key, intent.body_hash, stored.receipt, 0, intent.kept_at};
    return {KeepOutcome::kKept, stored.receipt, stored.seq};
  }

  std::optional<ReceiptRecord> find_receipt(const std::string& key, std::int64_t not_before) override {
    auto it = receipts_.find(key);
    if (it == receipts_.end() || it->second.recorded_at < not_before) return std::nullopt;
    return it->second;
  }

  void record_receipt(const ReceiptRecord& record) override {
    auto [it, inserted] = receipts_.try_emplace(record.idempotency_key, record);
    if (!inserted) {
      it->second.status = record.status;
      it->second.recorded_at = record.recorded_at;
    }
  }

  void forget_receipt(const std::string& key) override { receipts_.erase(key); }

  std::vector<KeptIntent> pending() override {
    std::vector<KeptIntent> out;
    for (const auto& [seq, intent] : intents_) {
      if (!intent.replayed) out.push_back(intent);
    }
    return out;
  }

  std::optional<KeptIntent> replay_next(const ApplyFn& apply) override {
    for (auto& [seq, intent] : intents_) {
      if (intent.replayed) continue;
      std::optional<int> status = apply(intent);
      if (!status) return std::nullopt;
      intent.replayed = true;
      receipts_[intent.idempotency_key].status = *status;
      return intent;
    }
    return std::nullopt;
  }

  bool execute(const std::string& /*sql*/, const std::vector<std::string>& /*params*/) override { return false; }

 private:
  std::int64_t last_seq_ = 0;
  std::map<std::int64_t, KeptIntent> intents_;
  std::map<std::string, ReceiptRecord> receipts_;
};

}  // namespace

std::unique_ptr<IntentQueue> make_memory_queue() { return std::make_unique<MemoryIntentQueue>(); }

}  // namespace freezedrill
