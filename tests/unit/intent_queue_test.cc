// The SQLite intent queue: its contract, and crashes of a real child
// process killed with SIGKILL in the middle of enqueueing and replaying.

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fakes/queue/intent_queue.h"
#include "fakes/queue/run_directory.h"

namespace freezedrill {
namespace {

namespace fs = std::filesystem;

KeptIntent intent(int n, std::uint64_t body_hash = 0) {
  KeptIntent i;
  i.idempotency_key = "k" + std::to_string(n);
  i.endpoint = "put_kv";
  i.method = "PUT";
  i.path = "/kv/kv-" + std::to_string(n % 3);
  i.storage_key = "kv-" + std::to_string(n % 3);
  i.body = "{\"n\":" + std::to_string(n) + "}";
  i.body_hash = body_hash == 0 ? static_cast<std::uint64_t>(n) : body_hash;
  i.actor = "web#0";
  i.request_id = static_cast<std::uint64_t>(n);
  i.kept_at = n;
  return i;
}

std::unique_ptr<IntentQueue> open_queue(const fs::path& file) {
  std::string error;
  std::unique_ptr<IntentQueue> q = open_sqlite_queue(file, error);
  EXPECT_NE(q, nullptr) << error;
  return q;
}

// Runs a query on its own connection and returns the first column of every row.
std::vector<std::string> column(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::vector<std::string> out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    out.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

void exec(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(Unit, IntentQueueKeepsNewKeyAndDeduplicatesRetries) {
  RunDirectory dir = RunDirectory::temporary();
  auto q = open_queue(dir.path() / "q.sqlite");
  KeepResult first = q->keep(intent(1));
  EXPECT_EQ(first.outcome, KeepOutcome::kKept);
  EXPECT_EQ(first.receipt, "intent-1");

  KeepResult retry = q->keep(intent(1));
  EXPECT_EQ(retry.outcome, KeepOutcome::kDuplicate);
  EXPECT_EQ(retry.receipt, "intent-1");

  KeepResult changed = q->keep(intent(1, 999));
  EXPECT_EQ(changed.outcome, KeepOutcome::kConflict);
  EXPECT_EQ(q->pending().size(), 1u);
}

TEST(Unit, IntentQueueSurvivesReopening) {
  RunDirectory dir = RunDirectory::temporary();
  fs::path file = dir.path() / "q.sqlite";
  open_queue(file)->keep(intent(1));
  auto q = open_queue(file);
  ASSERT_EQ(q->pending().size(), 1u);
  EXPECT_EQ(q->pending()[0].idempotency_key, "k1");
  std::optional<ReceiptRecord> receipt = q->find_receipt("k1", INT64_MIN);
  ASSERT_TRUE(receipt);
  EXPECT_EQ(receipt->receipt, "intent-1");
  EXPECT_EQ(receipt->status, 0);
}

TEST(Unit, IntentQueueReplaysInEnqueueOrderAndStoresTheAnswer) {
  RunDirectory dir = RunDirectory::temporary();
  auto q = open_queue(dir.path() / "q.sqlite");
  for (int n : {3, 1, 2}) q->keep(intent(n));
  std::vector<std::string> order;
  while (q->replay_next([&](const KeptIntent& i) {
    order.push_back(i.idempotency_key);
    return std::optional<int>(200);
  })) {
  }
  EXPECT_EQ(order, (std::vector<std::string>{"k3", "k1", "k2"}));
  EXPECT_TRUE(q->pending().empty());
  EXPECT_EQ(q->find_receipt("k1", INT64_MIN)->status, 200);
}

TEST(Unit, IntentQueueDeclinedApplyLeavesIntentPending) {
  RunDirectory dir = RunDirectory::temporary();
  auto q = open_queue(dir.path() / "q.sqlite");
  q->keep(intent(1));
  EXPECT_FALSE(q->replay_next([](const KeptIntent&) { return std::optional<int>(); }));
  EXPECT_EQ(q->pending().size(), 1u);
}

TEST(Unit, IntentQueueDedupeWindowHidesOldReceipts) {
  RunDirectory dir = RunDirectory::temporary();
  auto q = open_queue(dir.path() / "q.sqlite");
  q->record_receipt(ReceiptRecord{"k1", 7, "", 200, 100});
  EXPECT_TRUE(q->find_receipt("k1", 100));
  EXPECT_FALSE(q->find_receipt("k1", 101));
}

TEST(Unit, TemporaryRunDirectoryIsRemoved) {
  fs::path path;
  {
    RunDirectory dir = RunDirectory::temporary();
    path = dir.path();
    open_queue(path / "q.sqlite")->keep(intent(1));
    EXPECT_TRUE(fs::exists(path / "q.sqlite"));
  }
  EXPECT_FALSE(fs::exists(path));
}

// A child process running queue_crash_child, its stdout read line by line.
class Child {
 public:
  Child(const std::string& mode, const fs::path& file) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      execl(FREEZEDRILL_QUEUE_CRASH_CHILD, FREEZEDRILL_QUEUE_CRASH_CHILD, mode.c_str(), file.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    read_fd_ = fds[0];
  }
  ~Child() {
    if (read_fd_ >= 0) close(read_fd_);
  }

  // Reads acknowledgements until `count` have arrived, then kills the child
  // with SIGKILL and reads whatever it acknowledged before it died.
  std::vector<std::string> kill_after(std::size_t count) {
    std::vector<std::string> acked;
    while (acked.size() < count && read_line(acked)) {
    }
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the child ended on its own";
    while (read_line(acked)) {
    }
    return acked;
  }

 private:
  bool read_line(std::vector<std::string>& lines) {
    char c = 0;
    std::string line;
    while (read(read_fd_, &c, 1) == 1) {
      if (c == '\n') {
        lines.push_back(line);
        return true;
      }
      line += c;
    }
    return false;
  }

  pid_t pid_ = -1;
  int read_fd_ = -1;
};

TEST(Unit, IntentQueueKilledMidEnqueueLosesNothingAcknowledged) {
  RunDirectory dir = RunDirectory::temporary();
  fs::path file = dir.path() / "q.sqlite";
  open_queue(file);  // creates the schema

  std::vector<std::string> acked = Child("enqueue", file).kill_after(300);
  ASSERT_GE(acked.size(), 300u);

  auto q = open_queue(file);
  std::set<std::string> stored;
  for (const KeptIntent& i : q->pending()) stored.insert(i.idempotency_key);
  for (const std::string& key : acked) EXPECT_EQ(stored.count(key), 1u) << key << " was acknowledged but lost";
  // Commits are in key order, so at most the one in flight is stored unacknowledged.
  EXPECT_LE(stored.size(), acked.size() + 1);
  EXPECT_EQ(column(file, "SELECT COUNT(*) FROM receipts")[0], std::to_string(stored.size()));
}

TEST(Unit, IntentQueueKilledMidReplayAppliesNothingTwice) {
  constexpr int kIntents = 3000;
  RunDirectory dir = RunDirectory::temporary();
  fs::path file = dir.path() / "q.sqlite";
  {
    auto q = open_queue(file);
    for (int n = 1; n <= kIntents; ++n) q->keep(intent(n));
  }
  exec(file, "CREATE TABLE applied (idempotency_key TEXT NOT NULL, body TEXT NOT NULL)");

  std::vector<std::string> acked = Child("replay", file).kill_after(300);
  ASSERT_GE(acked.size(), 300u);
  ASSERT_LT(acked.size(), static_cast<std::size_t>(kIntents)) << "the replay finished before the kill";

  // Applied and marked replayed together, never one without the other.
  std::vector<std::string> applied = column(file, "SELECT idempotency_key FROM applied ORDER BY rowid");
  std::vector<std::string> replayed = column(file, "SELECT idempotency_key FROM intents WHERE replayed = 1 ORDER BY seq");
  EXPECT_EQ(applied, replayed);
  std::set<std::string> applied_set(applied.begin(), applied.end());
  for (const std::string& key : acked) EXPECT_EQ(applied_set.count(key), 1u) << key;

  // The replay resumes after the crash and finishes with every intent applied once.
  auto q = open_queue(file);
  while (q->replay_next([&](const KeptIntent& i) {
    q->execute("INSERT INTO applied (idempotency_key, body) VALUES (?1, ?2)", {i.idempotency_key, i.body});
    return std::optional<int>(200);
  })) {
  }
  EXPECT_TRUE(column(file, "SELECT idempotency_key FROM applied GROUP BY idempotency_key HAVING COUNT(*) > 1").empty());
  EXPECT_EQ(column(file, "SELECT COUNT(DISTINCT idempotency_key) FROM applied")[0], std::to_string(kIntents));
}

}  // namespace
}  // namespace freezedrill
