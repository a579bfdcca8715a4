// The child the crash test forks: it works on an intent queue file until the
// parent kills it, and acknowledges each committed step on stdout.
//   queue_crash_child enqueue FILE   keeps intents k1, k2, ... and prints each key once kept
//   queue_crash_child replay FILE    replays pending intents into the table "applied" and
//                                    prints each key once replayed

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "fakes/queue/intent_queue.h"

namespace {

// Writes the whole line with write(2), so an acknowledgement is out of the
// process the moment the step it reports is committed.
void acknowledge(const std::string& key) {
  std::string line = key + "\n";
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(STDOUT_FILENO, line.data() + done, line.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

int enqueue(freezedrill::IntentQueue& queue) {
  for (long i = 1;; ++i) {
    freezedrill::KeptIntent intent;
    intent.idempotency_key = "k" + std::to_string(i);
    intent.endpoint = "put_kv";
    intent.method = "PUT";
    intent.path = "/kv/kv-" + std::to_string(i % 7);
    intent.storage_key = "kv-" + std::to_string(i % 7);
    intent.body = "{\"n\":" + std::to_string(i) + "}";
    intent.body_hash = static_cast<std::uint64_t>(i);
    intent.kept_at = i;
    if (queue.keep(intent).outcome != freezedrill::KeepOutcome::kKept) return 3;
    acknowledge(intent.idempotency_key);
  }
}

int replay(freezedrill::IntentQueue& queue) {
  for (;;) {
    std::optional<freezedrill::KeptIntent> done = queue.replay_next([&](const freezedrill::KeptIntent& intent) {
      queue.execute("INSERT INTO applied (idempotency_key, body) VALUES (?1, ?2)",
                    {intent.idempotency_key, intent.body});
      return std::optional<int>(200);
    });
    if (!done) return 0;
    acknowledge(done->idempotency_key);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: queue_crash_child enqueue|replay FILE\n");
    return 2;
  }
  std::string error;
  std::unique_ptr<freezedrill::IntentQueue> queue = freezedrill::open_sqlite_queue(argv[2], error);
  if (!queue) {
    std::fprintf(stderr, "queue_crash_child: %s\n", error.c_str());
    return 1;
  }
  if (std::strcmp(argv[1], "enqueue") == 0) return enqueue(*queue);
  if (std::strcmp(argv[1], "replay") == 0) return replay(*queue);
  return 2;
}
