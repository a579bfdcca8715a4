#include <sqlite3.h>

#include <fmt/format.h>

#include "fakes/queue/intent_queue.h"

namespace freezedrill {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS intents (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,
  endpoint TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  body_hash INTEGER NOT NULL,
  body BLOB NOT NULL,
  receipt TEXT NOT NULL,
  actor TEXT NOT NULL,
  request_id INTEGER NOT NULL,
  kept_at INTEGER NOT NULL,
  replayed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS receipts (
  idempotency_key TEXT PRIMARY KEY,
  body_hash INTEGER NOT NULL,
  receipt TEXT NOT NULL,
  status INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
);
)sql";

// A prepared statement, finalized when it goes out of scope.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& text) {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  Statement& bind_hash(int index, std::uint64_t hash) { return bind(index, static_cast<std::int64_t>(hash)); }

  // Steps once: true while a row is available.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail("step");
    return false;
  }

  std::string text(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    int size = sqlite3_column_bytes(stmt_, column);
    return data == nullptr ? std::string() : std::string(data, static_cast<std::size_t>(size));
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::uint64_t hash(int column) const { return static_cast<std::uint64_t>(integer(column)); }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) fail("bind");
  }
  [[noreturn]] void fail(const char* what) const {
    throw QueueError(fmt::format("intent queue: {} failed: {}", what, sqlite3_errmsg(db_)));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolled back unless commit() was called.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit() {
    exec("COMMIT");
    done_ = true;
  }

 private:
  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw QueueError(fmt::format("intent queue: {} failed: {}", sql, sqlite3_errmsg(db_)));
    }
  }

  sqlite3* db_;
  bool done_ = false;
};

constexpr const char* kIntentColumns =
    "seq, idempotency_key, endpoint, method, path, storage_key, body_hash, body, receipt, actor, request_id, "
    "kept_at, replayed";

KeptIntent intent_from_row(const Statement& row) {
  KeptIntent intent;
  intent.seq = row.integer(0);
  intent.idempotency_key = row.text(1);
  intent.endpoint = row.text(2);
  intent.method = row.text(3);
  intent.path = row.text(4);
  intent.storage_key = row.text(5);
  intent.body_hash = row.hash(6);
  intent.body = row.text(7);
  intent.receipt = row.text(8);
  intent.actor = row.text(9);
  intent.request_id = static_cast<std::uint64_t>(row.integer(10));
  intent.kept_at = row.integer(11);
  intent.replayed = row.integer(12) != 0;
  return intent;
}

// The queue in one SQLite file in WAL mode. Every commit is durable, at the
// level open_sqlite_queue() was asked for, before keep() or replay_next()
// returns, so an intent whose receipt was sent survives a crash of the
// process that kept it.
class SqliteIntentQueue final : public IntentQueue {
 public:
  explicit SqliteIntentQueue(sqlite3* db) : db_(db) {}
  ~SqliteIntentQueue() override { sqlite3_close(db_); }

  KeepResult keep(const KeptIntent& intent) override {
    Transaction tx(db_);
    if (std::optional<ReceiptRecord> known = find_receipt(intent.idempotency_key, INT64_MIN)) {
      if (known->body_hash != intent.body_hash) return {KeepOutcome::kConflict, "", 0};
      return {KeepOutcome::kDuplicate, known->receipt, 0};
    }

    Statement insert(db_,
                     "INSERT INTO intents (idempotency_key, endpoint, method, path, storage_key, body_hash, body, "
                     "receipt, actor, request_id, kept_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '', ?8, ?9, ?10)");
    insert.bind(1, intent.idempotency_key).bind(2, intent.endpoint).bind(3, intent.method).bind(4, intent.path);
    insert.bind(5, intent.storage_key).bind_hash(6, intent.body_hash).bind(7, intent.body).bind(8, intent.actor);
    insert.bind(9, static_cast<std::int64_t>(intent.request_id)).bind(10, intent.kept_at);
    insert.step();
    std::int64_t seq = sqlite3_last_insert_rowid(db_);
    std::string receipt = receipt_for(seq);

    Statement set_receipt(db_, "UPDATE intents SET receipt = ?1 WHERE seq = ?2");
    set_receipt.bind(1, receipt).bind(2, seq).step();
    write_receipt(ReceiptRecord{intent.idempotency_key, intent.body_hash, receipt, 0, intent.kept_at});
    tx.commit();
    return {KeepOutcome::kKept, receipt, seq};
  }

  std::optional<ReceiptRecord> find_receipt(const std::string& key, std::int64_t not_before) override {
    Statement select(db_,
                     "SELECT body_hash, receipt, status, recorded_at FROM receipts "
                     "WHERE idempotency_key = ?1 AND recorded_at >= ?2");
    select.bind(1, key).bind(2, not_before);
    if (!select.step()) return std::nullopt;
    return ReceiptRecord{key, select.hash(0), select.text(1), static_cast<int>(select.integer(2)),
                         select.integer(3)};
  }

  void record_receipt(const ReceiptRecord& record) override {
    Transaction tx(db_);
    write_receipt(record);
    tx.commit();
  }

  void forget_receipt(const std::string& key) override {
    Statement remove(db_, "DELETE FROM receipts WHERE idempotency_key = ?1");
    remove.bind(1, key).step();
  }

  std::vector<KeptIntent> pending() override {
    Statement select(db_, fmt::format("SELECT {} FROM intents WHERE replayed = 0 ORDER BY seq", kIntentColumns).c_str());
    std::vector<KeptIntent> out;
    while (select.step()) out.push_back(intent_from_row(select));
    return out;
  }

  std::optional<KeptIntent> replay_next(const ApplyFn& apply) override {
    Transaction tx(db_);
    Statement select(db_,
                     fmt::format("SELECT {} FROM intents WHERE replayed = 0 ORDER BY seq LIMIT 1", kIntentColumns)
                         .c_str());
    if (!select.step()) return std::nullopt;
    KeptIntent intent = intent_from_row(select);

    std::optional<int> status = apply(intent);
    if (!status) return std::nullopt;  // rolled back: the intent stays pending

    Statement mark(db_, "UPDATE intents SET replayed = 1 WHERE seq = ?1");
    mark.bind(1, intent.seq).step();
    Statement answer(db_, "UPDATE receipts SET status = ?1 WHERE idempotency_key = ?2");
    answer.bind(1, std::int64_t{*status}).bind(2, intent.idempotency_key).step();
    tx.commit();
    intent.replayed = true;
    return intent;
  }

  bool execute(const std::string& sql, const std::vector<std::string>& params) override {
    Statement statement(db_, sql.c_str());
    for (std::size_t i = 0; i < params.size(); ++i) statement.bind(static_cast<int>(i) + 1, params[i]);
    while (statement.step()) {
    }
    return true;
  }

 private:
  // Inserts a key's record, or updates its answer and time if the key is
  // known; the first body hash and receipt stay.
  void write_receipt(const ReceiptRecord& r) {
    Statement upsert(db_,
                     "INSERT INTO receipts (idempotency_key, body_hash, receipt, status, recorded_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(idempotency_key) DO UPDATE SET "
                     "status = excluded.status, recorded_at = excluded.recorded_at");
    upsert.bind(1, r.idempotency_key).bind_hash(2, r.body_hash).bind(3, r.receipt);
    upsert.bind(4, std::int64_t{r.status}).bind(5, r.recorded_at).step();
  }

  sqlite3* db_;
};

bool exec_all(sqlite3* db, const char* sql, std::string& error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  error = message != nullptr ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return false;
}

}  // namespace

std::unique_ptr<IntentQueue> open_sqlite_queue(const std::filesystem::path& file, std::string& error,
                                               Durability durability) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    error = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return nullptr;
  }
  // Another handle on the same file may hold the write lock for a moment.
  sqlite3_busy_timeout(db, 5000);
  const char* pragmas = durability == Durability::kPowerLoss ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                                              : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
  if (!exec_all(db, pragmas, error) ||
      !exec_all(db, kSchema, error)) {
    sqlite3_close(db);
    return nullptr;
  }
  return std::make_unique<SqliteIntentQueue>(db);
}

}  // namespace freezedrill
