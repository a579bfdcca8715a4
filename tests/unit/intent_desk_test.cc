// The reference deployment's intent queue: keeping, receipts, deduplication
// and replay, driven through its Transport face.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "fakes/deployment/reference_deployment.h"
#include "sim/runtime/sim_runtime.h"

namespace freezedrill {
namespace {

constexpr std::int64_t kEpoch = 1772330400;  // 2026-03-01T02:00:00Z
constexpr Micros kSecond = kMicrosPerSecond;
constexpr Micros kStart = 60 * kSecond;
constexpr Micros kEnd = 120 * kSecond;

EndpointSpec write_endpoint(std::string name, std::string path, std::string mutation, bool critical) {
  EndpointSpec e;
  e.name = std::move(name);
  e.method = "PUT";
  e.path = std::move(path);
  e.write = true;
  e.mutation = std::move(mutation);
  e.critical = critical;
  return e;
}

DeploymentSpec spec_with(std::vector<std::string> defects = {}, std::string ack = "refuse") {
  DeploymentSpec spec;
  spec.instances = 2;
  spec.queue_ack = std::move(ack);
  spec.defects = std::move(defects);
  spec.endpoints = {write_endpoint("put_kv", "/kv/{key}", "put", true),
                    write_endpoint("put_note", "/notes/{key}", "put", false)};
  return spec;
}

WindowSpec window() {
  WindowSpec w;
  w.start = kStart;
  w.end = kEnd;
  return w;
}

// A deployment whose flag is on in [kStart, kEnd), with requests sent at
// chosen times and the replay started at a chosen time.
class DeskHarness {
 public:
  explicit DeskHarness(DeploymentSpec spec = spec_with())
      : spec_(std::move(spec)), window_(window()), runtime_(7, kEpoch, history_),
        deployment_(runtime_, spec_, window_) {
    runtime_.schedule_at(kStart, Runtime::Lane::kControl, [this] { deployment_.set_flag(true, "operator"); });
    runtime_.schedule_at(kEnd, Runtime::Lane::kControl, [this] { deployment_.set_flag(false, "operator"); });
  }

  std::size_t send(Micros t, const std::string& path, const std::string& key, const std::string& body) {
    std::size_t index = responses_.size();
    responses_.emplace_back();
    HttpRequest request{index + 1, "PUT", path, "", {{"Idempotency-Key", key}}, body, "tester"};
    runtime_.schedule_at(t, Runtime::Lane::kActor, [this, index, request] {
      deployment_.send(request, [this, index](HttpResponse r) { responses_[index] = r; });
    });
    return index;
  }

  void replay_at(Micros t) {
    runtime_.schedule_at(t, Runtime::Lane::kControl, [this] { deployment_.replay_queue({}); });
  }
  void restart_at(Micros t, int instance) {
    runtime_.schedule_at(t, Runtime::Lane::kControl, [this, instance] { deployment_.restart_instance(instance, 0); });
  }

  void run() { runtime_.run_all(); }

  const HttpResponse& response(std::size_t i) const { return *responses_.at(i); }
  std::string receipt(std::size_t i) const { return std::string(response(i).header("Freeze-Intent").value_or("")); }

  template <typename Body>
  std::size_t count() const {
    std::size_t n = 0;
    for (const Event& e : history_.events()) n += std::holds_alternative<Body>(e.body) ? 1 : 0;
    return n;
  }
  std::size_t protected_applications() const {
    std::size_t n = 0;
    for (const Event& e : history_.events()) {
      const auto* m = std::get_if<ev::MutationApplied>(&e.body);
      n += (m != nullptr && m->role == SinkRole::kProtected) ? 1 : 0;
    }
    return n;
  }

 private:
  DeploymentSpec spec_;
  WindowSpec window_;
  History history_;
  SimRuntime runtime_;
  ReferenceDeployment deployment_;
  std::vector<std::optional<HttpResponse>> responses_;
};

TEST(IntentDesk, CriticalRefusalKeepsIntentWithReceipt) {
  DeskHarness h;
  std::size_t first = h.send(kStart + kSecond, "/kv/a", "k1", "{\"v\":1}");
  std::size_t retry = h.send(kStart + 2 * kSecond, "/kv/a", "k1", "{\"v\":1}");
  h.run();
  EXPECT_EQ(h.response(first).status, 423);
  EXPECT_EQ(h.receipt(first), "intent-1");
  EXPECT_EQ(h.receipt(retry), "intent-1");
  EXPECT_EQ(h.count<ev::IntentKept>(), 1u);
}

TEST(IntentDesk, NonCriticalRefusalIsDropped) {
  DeskHarness h;
  std::size_t note = h.send(kStart + kSecond, "/notes/a", "k1", "{}");
  h.run();
  EXPECT_EQ(h.response(note).status, 423);
  EXPECT_EQ(h.receipt(note), "");
  EXPECT_EQ(h.count<ev::IntentDropped>(), 1u);
  EXPECT_EQ(h.count<ev::IntentKept>(), 0u);
}

TEST(IntentDesk, ChangedBodyAfterWindowGets409AndAppliesNothing) {
  DeskHarness h;
  h.send(kStart + kSecond, "/kv/a", "k1", "{\"v\":1}");
  std::size_t changed = h.send(kEnd + kSecond, "/kv/a", "k1", "{\"v\":2}");
  h.run();
  EXPECT_EQ(h.response(changed).status, 409);
  EXPECT_EQ(h.protected_applications(), 0u);
}

TEST(IntentDesk, RetryBeforeReplayIsAcceptedAndReplayAppliesOnce) {
  DeskHarness h;
  h.send(kStart + kSecond, "/kv/a", "k1", "{\"v\":1}");
  std::size_t waiting = h.send(kEnd + kSecond, "/kv/a", "k1", "{\"v\":1}");
  h.replay_at(kEnd + 10 * kSecond);
  std::size_t after = h.send(kEnd + 20 * kSecond, "/kv/a", "k1", "{\"v\":1}");
  h.run();
  EXPECT_EQ(h.response(waiting).status, 202);
  EXPECT_EQ(h.receipt(waiting), "intent-1");
  EXPECT_EQ(h.response(after).status, 200);
  EXPECT_EQ(h.receipt(after), "intent-1");
  EXPECT_EQ(h.protected_applications(), 1u);
  EXPECT_EQ(h.count<ev::IntentReplayed>(), 1u);
}

TEST(IntentDesk, RestartOfHolderLosesNothing) {
  DeskHarness h;
  h.send(kStart + kSecond, "/kv/a", "k1", "{\"v\":1}");
  h.restart_at(kStart + 5 * kSecond, 0);
  h.replay_at(kEnd + 10 * kSecond);
  h.run();
  EXPECT_EQ(h.protected_applications(), 1u);
}

TEST(IntentDesk, RestartWithQueueNotDurableLosesIntent) {
  DeskHarness h(spec_with({"queue_not_durable"}));
  h.send(kStart + kSecond, "/kv/a", "k1", "{\"v\":1}");
  h.restart_at(kStart + 5 * kSecond, 0);
  h.replay_at(kEnd + 10 * kSecond);
  h.run();
  EXPECT_EQ(h.protected_applications(), 0u);
}

TEST(IntentDesk, Ack202AnswersCriticalWritesAccepted) {
  DeskHarness h(spec_with({}, "202"));
  std::size_t accepted = h.send(kStart + kSecond, "/kv/a", "k1", "{\"v\":1}");
  std::size_t changed = h.send(kStart + 2 * kSecond, "/kv/a", "k1", "{\"v\":2}");
  h.run();
  EXPECT_EQ(h.response(accepted).status, 202);
  EXPECT_EQ(h.receipt(accepted), "intent-1");
  EXPECT_EQ(h.response(changed).status, 409);
}

}  // namespace
}  // namespace freezedrill
