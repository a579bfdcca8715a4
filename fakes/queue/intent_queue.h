#ifndef FREEZEDRILL_FAKES_QUEUE_INTENT_QUEUE_H_
#define FREEZEDRILL_FAKES_QUEUE_INTENT_QUEUE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace freezedrill {

// One kept write intent: a critical write refused (or accepted with 202)
// during the window, stored so that it can be replayed after the window.
struct KeptIntent {
  std::int64_t seq = 0;          // enqueue order, from 1; set by keep()
  std::string idempotency_key;
  std::string endpoint;          // catalogue name
  std::string method;
  std::string path;              // the request path, so the replay routes it again
  std::string storage_key;
  std::uint64_t body_hash = 0;   // 64-bit FNV-1a of body
  std::string body;
  std::string receipt;           // set by keep()
  std::string actor;             // the client that sent it
  std::uint64_t request_id = 0;  // the request that was kept
  std::int64_t kept_at = 0;      // virtual microseconds
  bool replayed = false;
};

// The deduplication record of one idempotency key: the body it was first
// seen with, its receipt and the answer a retry gets.
struct ReceiptRecord {
  std::string idempotency_key;
  std::uint64_t body_hash = 0;
  std::string receipt;           // "" for a write applied at once (no intent kept)
  int status = 0;                // the stored answer; 0 while the intent is pending, kInFlight
                                 // while a write with this key is being processed
  std::int64_t recorded_at = 0;  // virtual microseconds
};

// The status of a receipt record while its write is being processed (102
// Processing): a second request with the key must not be applied meanwhile.
inline constexpr int kInFlight = 102;

enum class KeepOutcome {
  kKept,       // a new intent, stored with its receipt
  kDuplicate,  // the key is known with the same body: nothing stored, the known receipt returned
  kConflict,   // the key is known with another body: nothing stored
};

struct KeepResult {
  KeepOutcome outcome = KeepOutcome::kKept;
  std::string receipt;  // the new or the known receipt; "" on conflict
  std::int64_t seq = 0; // the new intent's enqueue order, on kKept
};

// An intent queue failed in a way the caller cannot handle (the file cannot
// be written, the schema is damaged). The simulator reports it as a harness
// error.
class QueueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The durable queue of kept intents and the receipt table that deduplicates
// idempotency keys. Every state change is one transaction: keep() stores the
// intent and its receipt together, replay_next() applies an intent and marks
// it replayed together, so a crash between two calls loses nothing that was
// acknowledged and applies nothing twice. Not thread-safe: one handle per
// thread or process; several handles may share one file.
class IntentQueue {
 public:
  virtual ~IntentQueue() = default;

  // Stores a new intent with a fresh receipt, unless its key is known.
  virtual KeepResult keep(const KeptIntent& intent) = 0;

  // The receipt record of a key, ignoring records older than
  // `not_before` (a dedupe window; INT64_MIN keeps every record).
  virtual std::optional<ReceiptRecord> find_receipt(const std::string& idempotency_key,
                                                    std::int64_t not_before) = 0;

  // Records the answer to a write applied at once, or updates a known key's
  // answer. Keeps the first body hash and receipt of a known key.
  virtual void record_receipt(const ReceiptRecord& record) = 0;

  // Removes a key's record (a write that was reserved and then not applied).
  virtual void forget_receipt(const std::string& idempotency_key) = 0;

  // Intents not yet replayed, in enqueue order.
  virtual std::vector<KeptIntent> pending() = 0;

  // The apply step of a replay. It runs inside the transaction that marks
  // the intent replayed, and returns the status to store as the key's
  // answer, or nullopt to leave the intent pending (the transaction is
  // rolled back).
  using ApplyFn = std::function<std::optional<int>(const KeptIntent&)>;

  // Replays the oldest pending intent: applies it and marks it replayed in
  // one transaction. Returns the intent, or nullopt when none is pending or
  // the apply step declined.
  virtual std::optional<KeptIntent> replay_next(const ApplyFn& apply) = 0;

  // Runs one SQL statement with text parameters ?1, ?2, ... on the queue's
  // own storage, for a table kept beside the queue. Called from an apply
  // step, it joins the replay's transaction. Returns false where the queue
  // has no SQL storage (the memory queue).
  virtual bool execute(const std::string& sql, const std::vector<std::string>& params) = 0;
};

// What a commit survives once keep() or replay_next() has returned.
enum class Durability {
  // A crash or kill of the process (SQLite synchronous=NORMAL in WAL mode:
  // the commit is in the operating system's hands, not yet on the disk).
  // An instance crash is this case, and it costs no fsync per commit.
  kProcessCrash,
  // Power loss too (synchronous=FULL: an fsync per commit).
  kPowerLoss,
};

// Opens (creating if needed) the SQLite queue at `file` in WAL mode.
// Returns nullptr and sets `error` when the file cannot be opened.
std::unique_ptr<IntentQueue> open_sqlite_queue(const std::filesystem::path& file, std::string& error,
                                               Durability durability = Durability::kProcessCrash);

// A queue that holds everything in memory and loses it with its handle: the
// queue_not_durable defect.
std::unique_ptr<IntentQueue> make_memory_queue();

// The receipt of the intent with enqueue order `seq`: "intent-<seq>".
std::string receipt_for(std::int64_t seq);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_QUEUE_INTENT_QUEUE_H_
