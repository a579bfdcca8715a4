// Each chaos fault's effect on the reference deployment, on small hand-made
// runs whose every time is worked out in the comments. Two instances,
// latency 2 ms, flag propagation 200 ms, window [60 s, 240 s).

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fakes/deployment/reference_deployment.h"
#include "sim/http/http_date.h"
#include "sim/runtime/sim_runtime.h"
#include "tests/unit/history_events.h"

namespace freezedrill {
namespace {

constexpr std::int64_t kEpoch = 1772330400;  // 2026-03-01T02:00:00Z
constexpr Micros kMs = kMicrosPerMilli;
constexpr Micros kSec = kMicrosPerSecond;
constexpr Micros kS = 60 * kSec;
constexpr Micros kE = 240 * kSec;

EndpointSpec endpoint(std::string name, std::string method, bool write) {
  EndpointSpec e;
  e.name = std::move(name);
  e.method = std::move(method);
  e.path = "/kv/{key}";
  e.write = write;
  e.mutation = write ? "put" : "";
  return e;
}

DeploymentSpec two_instances(std::vector<std::string> defects = {}) {
  DeploymentSpec spec;
  spec.instances = 2;
  spec.flag_propagation = 200 * kMs;
  spec.latency = 2 * kMs;
  spec.endpoints = {endpoint("put_kv", "PUT", true), endpoint("get_kv", "GET", false)};
  spec.defects = std::move(defects);
  return spec;
}

WindowSpec until_end_window() {
  WindowSpec w;
  w.start = kS;
  w.end = kE;
  w.retry_after.kind = RetryAfterPolicy::Kind::kUntilEnd;
  return w;
}

struct Answer {
  Micros at = kNoTime;
  HttpResponse response;
};

// A world of one deployment: actions at chosen times (control lane for the
// operator and the faults, actor lane for requests) and every answer kept.
class World {
 public:
  explicit World(DeploymentSpec spec = two_instances(), WindowSpec window = until_end_window())
      : spec_(std::move(spec)), window_(std::move(window)), runtime_(1, kEpoch, history_),
        deployment_(runtime_, spec_, window_) {}

  void control(Micros t, std::function<void(ReferenceDeployment&)> fn) {
    runtime_.schedule_at(t, Runtime::Lane::kControl, [this, fn = std::move(fn)] { fn(deployment_); });
  }
  void flip(Micros t, bool on) {
    control(t, [on](ReferenceDeployment& d) { d.set_flag(on, "operator"); });
  }

  std::size_t request(Micros t, std::string method, std::string key, Micros hold = 0) {
    std::size_t index = answers_.size();
    answers_.emplace_back();
    HttpRequest r;
    r.request_id = index + 1;
    r.method = std::move(method);
    r.path = "/kv/" + key;
    r.body = "v";
    r.origin = "tester";
    runtime_.schedule_at(t, Runtime::Lane::kActor, [this, index, r, hold] {
      deployment_.send_held(r, hold, [this, index](HttpResponse resp) { answers_[index] = Answer{runtime_.now(), resp}; });
    });
    return index;
  }

  void run() { runtime_.run_all(); }
  const Answer& answer(std::size_t i) const { return *answers_.at(i); }
  std::string code(std::size_t i) const { return nlohmann::json::parse(answer(i).response.body).value("code", ""); }

  template <typename Body>
  std::vector<std::pair<Micros, Body>> events() const {
    return test::events_of<Body>(history_);
  }
  std::size_t protected_mutations() const {
    std::size_t n = 0;
    for (const auto& [t, m] : events<ev::MutationApplied>()) n += m.role == SinkRole::kProtected ? 1 : 0;
    return n;
  }
  std::string str(StrId id) const { return std::string(history_.str(id)); }
  ReferenceDeployment& deployment() { return deployment_; }

 private:
  DeploymentSpec spec_;
  WindowSpec window_;
  History history_;
  SimRuntime runtime_;
  ReferenceDeployment deployment_;
  std::vector<std::optional<Answer>> answers_;
};

// flag_lost at S - 1 s with resync after 5 s: instance 1 misses the flip and
// sees the flag only when it re-reads the store, at S + 4 s; instance 0 sees
// it after the propagation delay. The gateway still refuses at S + 1 s.
TEST(Fault, FlagLostViewCatchesUpAtResync) {
  World w;
  w.control(kS - kSec, [](ReferenceDeployment& d) { d.lose_instance_view(1, 5 * kSec); });
  w.flip(kS, true);
  std::size_t put = w.request(kS + kSec, "PUT", "a");
  w.run();

  auto seen = w.events<ev::FlagSeen>();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first, kS + 200 * kMs);
  EXPECT_EQ(seen[0].second.instance, 0);
  EXPECT_EQ(seen[1].first, kS + 4 * kSec);
  EXPECT_EQ(seen[1].second.instance, 1);
  EXPECT_EQ(w.answer(put).response.status, 423);

  auto faults = w.events<ev::FaultInjected>();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(w.str(faults[0].second.fault), "flag_lost");
  EXPECT_EQ(w.str(faults[0].second.detail), R"({"resync_after":"5s"})");
}

// A spike of 300 ms on instance 0 for [10 s, 11 s). Round robin sends the
// first request to instance 0 and the second to instance 1.
TEST(Fault, LatencySpikeSlowsOnlyItsInstanceAndSpan) {
  World w;
  w.control(10 * kSec, [](ReferenceDeployment& d) { d.spike_latency(0, kSec, 300 * kMs); });
  std::size_t in_spike = w.request(10 * kSec, "GET", "a");
  std::size_t other_instance = w.request(10 * kSec, "GET", "a");
  std::size_t after = w.request(11 * kSec, "GET", "a");  // instance 0, 1 s later: outside the span
  w.run();

  EXPECT_EQ(w.answer(in_spike).at, 10 * kSec + 302 * kMs);
  EXPECT_EQ(w.answer(in_spike).response.instance, 0);
  EXPECT_EQ(w.answer(other_instance).at, 10 * kSec + 2 * kMs);
  EXPECT_EQ(w.answer(after).at, 11 * kSec + 2 * kMs);
  EXPECT_EQ(w.answer(after).response.instance, 0);
}

// Instance 0 crashes at S - 1 s and is down 3 s. Requests in between all go
// to instance 1. The flip's update to instance 0 lands while it is down and
// is lost; on restart at S + 2 s it reads the store and comes up read-only.
TEST(Fault, RestartRoutesAroundAndComesUpReadOnly) {
  World w;
  std::vector<std::pair<int, bool>> restarted;
  w.deployment().add_restart_listener(
      [&](int instance) { restarted.emplace_back(instance, w.deployment().instance_sees_flag(instance)); });
  w.control(kS - kSec, [](ReferenceDeployment& d) { d.restart_instance(0, 3 * kSec); });
  w.flip(kS, true);
  std::size_t first = w.request(kS + kSec, "GET", "a");
  std::size_t second = w.request(kS + kSec, "GET", "a");
  w.run();

  EXPECT_EQ(w.answer(first).response.instance, 1);
  EXPECT_EQ(w.answer(second).response.instance, 1);
  auto seen = w.events<ev::FlagSeen>();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first, kS + 200 * kMs);
  EXPECT_EQ(seen[0].second.instance, 1);
  EXPECT_EQ(seen[1].first, kS + 2 * kSec);
  EXPECT_EQ(seen[1].second.instance, 0);
  ASSERT_EQ(restarted.size(), 1u);
  EXPECT_EQ(restarted[0], std::make_pair(0, true));
}

// Latency 500 ms. At 1 s a GET and a PUT go to instance 0 (requests 1 and
// 3 of the round robin) and a GET to instance 1. Instance 0 crashes at
// 1.2 s. At 1.5 s the lost read is sent to instance 1 and answered at 2 s;
// the lost write is answered 502 and nothing is applied.
TEST(Fault, RestartLosesInFlightRequests) {
  DeploymentSpec spec = two_instances();
  spec.latency = 500 * kMs;
  World w(spec);
  std::size_t read = w.request(kSec, "GET", "a");
  std::size_t other = w.request(kSec, "GET", "a");
  std::size_t write = w.request(kSec, "PUT", "b");
  w.control(kSec + 200 * kMs, [](ReferenceDeployment& d) { d.restart_instance(0, kSec); });
  w.run();

  EXPECT_EQ(w.answer(other).at, kSec + 500 * kMs);
  EXPECT_EQ(w.answer(read).at, 2 * kSec);
  EXPECT_EQ(w.answer(read).response.instance, 1);
  EXPECT_EQ(w.answer(read).response.status, 404);  // served: the key was never written
  EXPECT_EQ(w.answer(write).at, kSec + 500 * kMs);
  EXPECT_EQ(w.answer(write).response.status, 502);
  EXPECT_EQ(w.protected_mutations(), 0u);
}

// With both instances down the gateway still refuses writes in the window
// (it needs no instance for that), and answers reads 503 with a code that
// is not the freeze code.
TEST(Fault, AllInstancesDownStillRefusesWrites) {
  World w;
  w.flip(kS, true);
  w.control(kS + kSec, [](ReferenceDeployment& d) {
    d.restart_instance(0, 2 * kSec);
    d.restart_instance(1, 2 * kSec);
  });
  std::size_t put = w.request(kS + 2 * kSec, "PUT", "a");
  std::size_t get = w.request(kS + 2 * kSec, "GET", "a");
  w.run();

  EXPECT_EQ(w.answer(put).response.status, 423);
  EXPECT_EQ(w.answer(get).response.status, 503);
  EXPECT_EQ(w.code(get), "no_instance_available");
}

// The deployment's clock 1.5 s ahead: a PUT received at S + 10.2 s carries
// Date S + 11 s (floor of 71.7 s) and an until_end Retry-After of
// ceil(240 - 71.7) = 169 s instead of 170 s.
TEST(Fault, ClockSkewMovesDateAndUntilEndSeconds) {
  World w;
  w.control(0, [](ReferenceDeployment& d) { d.skew_clock(1500 * kMs); });
  w.flip(kS, true);
  std::size_t put = w.request(kS + 10 * kSec + 200 * kMs, "PUT", "a");
  w.run();

  const HttpResponse& r = w.answer(put).response;
  EXPECT_EQ(r.header("Date"), format_imf_fixdate(kEpoch + 71));
  EXPECT_EQ(r.header("Retry-After"), "169");
  auto faults = w.events<ev::FaultInjected>();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(w.str(faults[0].second.detail), R"({"offset":"1500ms"})");
}

// A date-form until_end Retry-After states E, a calendar instant, so the
// skew moves only Date.
TEST(Fault, ClockSkewLeavesStatedEndAlone) {
  WindowSpec window = until_end_window();
  window.retry_after.form = RetryAfterPolicy::Form::kDate;
  World w(two_instances(), window);
  w.control(0, [](ReferenceDeployment& d) { d.skew_clock(-800 * kMs); });
  w.flip(kS, true);
  std::size_t put = w.request(kS + 10 * kSec + 500 * kMs, "PUT", "a");
  w.run();

  EXPECT_EQ(w.answer(put).response.header("Retry-After"), format_imf_fixdate(kEpoch + 240));
  EXPECT_EQ(w.answer(put).response.header("Date"), format_imf_fixdate(kEpoch + 69));  // floor(70.5 - 0.8)
}

// Instance 0 is cut off from the store in [5 s, 15 s) with the flag off.
// A write routed to it is refused 503 flag_store_unreachable (fail closed),
// a read on it is served, and once the partition heals writes succeed.
TEST(Fault, PartitionFailsClosedForWritesAndServesReads) {
  World w;
  w.control(5 * kSec, [](ReferenceDeployment& d) { d.partition_instance(0, 10 * kSec); });
  std::size_t put = w.request(6 * kSec, "PUT", "a");      // instance 0
  std::size_t put_other = w.request(6 * kSec, "PUT", "b");  // instance 1
  std::size_t get = w.request(7 * kSec, "GET", "b");      // instance 0
  std::size_t healed = w.request(16 * kSec, "PUT", "c");  // instance 1
  std::size_t healed0 = w.request(16 * kSec, "PUT", "d");  // instance 0
  w.run();

  EXPECT_EQ(w.answer(put).response.status, 503);
  EXPECT_EQ(w.code(put), "flag_store_unreachable");
  EXPECT_EQ(w.answer(put).response.header("Retry-After"), "1");
  EXPECT_EQ(w.answer(put_other).response.status, 200);
  EXPECT_EQ(w.answer(get).response.status, 200);
  EXPECT_EQ(w.answer(get).response.instance, 0);
  EXPECT_EQ(w.answer(healed).response.status, 200);
  EXPECT_EQ(w.answer(healed0).response.status, 200);
  EXPECT_EQ(w.answer(healed0).response.instance, 0);
  EXPECT_EQ(w.protected_mutations(), 3u);
}

// A partition across S keeps instance 0's view off until it heals at S + 2 s.
TEST(Fault, PartitionDelaysTheViewUntilItHeals) {
  World w;
  w.control(kS - kSec, [](ReferenceDeployment& d) { d.partition_instance(0, 3 * kSec); });
  w.flip(kS, true);
  w.run();

  auto seen = w.events<ev::FlagSeen>();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].second.instance, 1);
  EXPECT_EQ(seen[1].first, kS + 2 * kSec);
  EXPECT_EQ(seen[1].second.instance, 0);
}

// A write sent 400 ms before S and held 1 s is processed at S + 602 ms and
// refused by the apply-time guard.
TEST(Fault, HeldWriteStraddlingStartIsRefused) {
  World w;
  w.flip(kS, true);
  std::size_t put = w.request(kS - 400 * kMs, "PUT", "a", kSec);
  w.run();

  EXPECT_EQ(w.answer(put).at, kS + 602 * kMs);
  EXPECT_EQ(w.answer(put).response.status, 423);
  EXPECT_EQ(w.protected_mutations(), 0u);
}

// --- The defects that need a restart ---

// flag_lost_on_restart: instance 0 holds the flag; it crashes at S + 20 s,
// the lease expires 1 s later, and a write at S + 25 s is applied.
TEST(Fault, FlagHeldByRestartedProcessExpires) {
  World w(two_instances({"flag_lost_on_restart"}));
  w.flip(kS, true);
  w.control(kS + 20 * kSec, [](ReferenceDeployment& d) { d.restart_instance(0, 2 * kSec); });
  std::size_t put = w.request(kS + 25 * kSec, "PUT", "a");
  w.run();

  auto sets = w.events<ev::FlagSet>();
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[1].first, kS + 21 * kSec);
  EXPECT_FALSE(sets[1].second.on);
  EXPECT_EQ(w.str(sets[1].second.by), "lease_expired");
  EXPECT_EQ(w.answer(put).response.status, 200);
  EXPECT_EQ(w.protected_mutations(), 1u);
}

TEST(Fault, CorrectFlagOutlivesTheRestart) {
  World w;
  w.flip(kS, true);
  w.control(kS + 20 * kSec, [](ReferenceDeployment& d) { d.restart_instance(0, 2 * kSec); });
  std::size_t put = w.request(kS + 25 * kSec, "PUT", "a");
  w.run();

  EXPECT_EQ(w.events<ev::FlagSet>().size(), 1u);
  EXPECT_EQ(w.answer(put).response.status, 423);
  EXPECT_EQ(w.protected_mutations(), 0u);
}

// reenable_lost_in_crash: instance 0 is down at E, so the switch-off is
// lost and a write 10 s after E is still refused.
TEST(Fault, SwitchOffLostWhileHolderIsDown) {
  World w(two_instances({"reenable_lost_in_crash"}));
  w.flip(kS, true);
  w.control(kE, [](ReferenceDeployment& d) { d.restart_instance(0, 3 * kSec); });
  w.flip(kE, false);
  std::size_t put = w.request(kE + 10 * kSec, "PUT", "a");
  w.run();

  EXPECT_EQ(w.events<ev::FlagSet>().size(), 1u);
  EXPECT_EQ(w.answer(put).response.status, 423);
}

TEST(Fault, CorrectSwitchOffSurvivesTheCrash) {
  World w;
  w.flip(kS, true);
  w.control(kE, [](ReferenceDeployment& d) { d.restart_instance(0, 3 * kSec); });
  w.flip(kE, false);
  std::size_t put = w.request(kE + 10 * kSec, "PUT", "a");
  w.run();

  EXPECT_EQ(w.answer(put).response.status, 200);
}

// restart_runs_migrations: instance 1 restarts inside the window, starts a
// migration step that the guard refuses, and then answers reads 500. A
// correct instance starts no migration and serves the read.
TEST(Fault, RestartRunningMigrationsBreaksReads) {
  World w(two_instances({"restart_runs_migrations"}));
  w.flip(kS, true);
  w.control(kS + 10 * kSec, [](ReferenceDeployment& d) { d.restart_instance(1, kSec); });
  w.request(kS + 12 * kSec, "GET", "a");  // instance 0
  std::size_t get = w.request(kS + 12 * kSec, "GET", "a");
  w.run();

  auto started = w.events<ev::WorkStarted>();
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].first, kS + 11 * kSec);
  EXPECT_EQ(w.str(started[0].second.unit), "migration_step");
  auto finished = w.events<ev::WorkFinished>();
  ASSERT_EQ(finished.size(), 1u);
  EXPECT_EQ(w.str(finished[0].second.outcome), "aborted");
  EXPECT_EQ(w.answer(get).response.status, 500);
  EXPECT_EQ(w.answer(get).response.instance, 1);
  EXPECT_EQ(w.protected_mutations(), 0u);
}

TEST(Fault, CorrectRestartSkipsMigrationsAndServes) {
  World w;
  w.flip(kS, true);
  w.control(kS + 10 * kSec, [](ReferenceDeployment& d) { d.restart_instance(1, kSec); });
  w.request(kS + 12 * kSec, "GET", "a");
  std::size_t get = w.request(kS + 12 * kSec, "GET", "a");
  w.run();

  EXPECT_TRUE(w.events<ev::WorkStarted>().empty());
  EXPECT_EQ(w.answer(get).response.status, 404);
  EXPECT_EQ(w.answer(get).response.instance, 1);
}

}  // namespace
}  // namespace freezedrill
