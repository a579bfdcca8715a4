#ifndef FREEZEDRILL_TESTS_UNIT_CLIENT_HISTORY_BUILDER_H_
#define FREEZEDRILL_TESTS_UNIT_CLIENT_HISTORY_BUILDER_H_

// Hand-built client histories for the retry checks' tests: operations made
// of attempts, their responses and give-ups.

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/time.h"
#include "sim/history/history.h"

namespace freezedrill::testing_support {

inline constexpr Micros kSecond = kMicrosPerSecond;
inline constexpr Micros kStart = 60 * kSecond;      // S
inline constexpr Micros kEnd = 240 * kSecond;       // planned E
inline constexpr Micros kAnnounceLead = 10 * kSecond;  // baseline span is [0, 50 s)
inline constexpr Micros kDuration = 600 * kSecond;
inline constexpr std::int64_t kEpochUnix = 1772330400;  // 2026-03-01T02:00:00Z, a Sunday

// One response as a test describes it.
struct Reply {
  std::uint16_t status = 503;
  std::vector<std::string> retry_after;  // field lines; empty: no Retry-After
  std::int64_t date = kNoTime;           // Date header in Unix seconds
  std::int32_t instance = 0;
};

inline Reply with_retry_after(std::string value, std::uint16_t status = 503) {
  Reply r;
  r.status = status;
  r.retry_after = {std::move(value)};
  return r;
}

inline Reply plain(std::uint16_t status) {
  Reply r;
  r.status = status;
  return r;
}

// Collects events in any order and sorts them by time in build(), ties
// kept in the order they were added. Move-only, because a copied History
// would keep views into the original's interned strings.
class ClientHistoryBuilder {
 public:
  ClientHistoryBuilder() {
    HistoryHeader& header = history_.header();
    header.epoch_unix = kEpochUnix;
    header.start = kStart;
    header.end = kEnd;
    header.announce_lead = kAnnounceLead;
    header.duration = kDuration;
  }

  ClientHistoryBuilder(ClientHistoryBuilder&&) = default;
  ClientHistoryBuilder(const ClientHistoryBuilder&) = delete;

  HistoryHeader& header() { return history_.header(); }

  // Sends one attempt of the write operation with this idempotency key.
  std::uint64_t send_write(Micros t, const std::string& key, const std::string& actor = "web-1") {
    return send(t, actor, key, 0, true, false);
  }

  // Sends one attempt of a read, which has no key and is identified by op_id.
  std::uint64_t send_read(Micros t, std::uint64_t op_id, const std::string& actor = "web-1") {
    return send(t, actor, "", op_id, false, false);
  }

  // Sends a write through the intent replayer rather than a client.
  std::uint64_t send_replay(Micros t, const std::string& key) { return send(t, "replayer", key, 0, true, true); }

  void respond(Micros t, std::uint64_t request_id, const Reply& reply) {
    ev::ResponseReceived response;
    response.request_id = request_id;
    response.instance = reply.instance;
    response.status = reply.status;
    response.retry_after_count = static_cast<std::uint8_t>(reply.retry_after.size());
    std::string raw;
    for (std::size_t i = 0; i < reply.retry_after.size(); ++i) {
      if (i > 0) raw += "\n";
      raw += reply.retry_after[i];
    }
    response.retry_after_raw = history_.intern(raw);
    response.date = reply.date;
    events_.push_back({t, response});
  }

  // A write attempt answered at once with `reply`.
  std::uint64_t write(Micros t, const std::string& key, const Reply& reply, const std::string& actor = "web-1") {
    std::uint64_t id = send_write(t, key, actor);
    respond(t, id, reply);
    return id;
  }

  void give_up(Micros t, const std::string& key, const std::string& actor = "web-1") {
    ev::OperationGivenUp e;
    e.actor = history_.intern(actor);
    e.idempotency_key = history_.intern(key);
    e.reason = history_.intern("max_wait");
    events_.push_back({t, e});
  }

  void extend(Micros at, Micros new_end) { events_.push_back({at, ev::WindowExtended{new_end, kNoStr}}); }

  const History& build() {
    std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
    for (Event& e : events_) history_.append_event(std::move(e));
    events_.clear();
    return history_;
  }

 private:
  std::uint64_t send(Micros t, const std::string& actor, const std::string& key, std::uint64_t op_id, bool write,
                     bool replay) {
    ev::RequestSent request;
    request.request_id = next_request_id_++;
    request.op_id = op_id != 0 ? op_id : request.request_id;
    request.actor = history_.intern(actor);
    request.idempotency_key = key.empty() ? kNoStr : history_.intern(key);
    request.endpoint = history_.intern(write ? "put_kv" : "search");
    request.write = write;
    request.replay = replay;
    events_.push_back({t, request});
    return request.request_id;
  }

  History history_;
  std::vector<Event> events_;
  std::uint64_t next_request_id_ = 1;
};

}  // namespace freezedrill::testing_support

#endif  // FREEZEDRILL_TESTS_UNIT_CLIENT_HISTORY_BUILDER_H_
