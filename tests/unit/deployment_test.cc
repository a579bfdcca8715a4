#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fakes/defects/builtin_defects.h"
#include "fakes/deployment/endpoint_router.h"
#include "fakes/deployment/reference_deployment.h"
#include "fakes/sinks/memory_sink.h"
#include "sim/http/retry_after.h"
#include "sim/runtime/sim_runtime.h"

namespace freezedrill {
namespace {

constexpr std::int64_t kEpoch = 1772330400;  // 2026-03-01T02:00:00Z
constexpr Micros kStart = 60 * kMicrosPerSecond;
constexpr Micros kEnd = 240 * kMicrosPerSecond;
constexpr Micros kPropagation = 200 * kMicrosPerMilli;
constexpr Micros kLatency = 2 * kMicrosPerMilli;

EndpointSpec endpoint(std::string name, std::string method, std::string path, bool write, std::string mutation) {
  EndpointSpec e;
  e.name = std::move(name);
  e.method = std::move(method);
  e.path = std::move(path);
  e.write = write;
  e.mutation = std::move(mutation);
  return e;
}

// Two instances. The last write endpoint is upsert_vector.
DeploymentSpec base_spec() {
  DeploymentSpec spec;
  spec.instances = 2;
  spec.flag_propagation = kPropagation;
  spec.latency = kLatency;
  spec.error_code.pointer = "/code";
  spec.code = "read_only";
  spec.endpoints = {
      endpoint("put_kv", "PUT", "/kv/{key}", true, "put"),
      endpoint("get_kv", "GET", "/kv/{key}", false, ""),
      endpoint("delete_kv", "DELETE", "/kv/{key}", true, "delete"),
      endpoint("search", "POST", "/search", false, ""),
      endpoint("health", "GET", "/health", false, ""),
      endpoint("upsert_vector", "POST", "/vectors", true, "upsert"),
  };
  return spec;
}

WindowSpec fixed_window(RetryAfterPolicy::Form form = RetryAfterPolicy::Form::kSeconds) {
  WindowSpec window;
  window.start = kStart;
  window.end = kEnd;
  window.retry_after.kind = RetryAfterPolicy::Kind::kFixed;
  window.retry_after.value = 120 * kMicrosPerSecond;
  window.retry_after.form = form;
  return window;
}

WindowSpec until_end_window(RetryAfterPolicy::Form form = RetryAfterPolicy::Form::kSeconds) {
  WindowSpec window = fixed_window(form);
  window.retry_after.kind = RetryAfterPolicy::Kind::kUntilEnd;
  return window;
}

struct Received {
  Micros at = kNoTime;
  HttpResponse response;
};

// A SimRuntime, a History and a deployment, with helpers that send requests
// and flip the flag at chosen virtual times and keep every response.
class Harness {
 public:
  explicit Harness(DeploymentSpec spec = base_spec(), WindowSpec window = fixed_window())
      : spec_(std::move(spec)), window_(std::move(window)), runtime_(7, kEpoch, history_),
        deployment_(runtime_, spec_, window_) {}

  // Sends a request at virtual time t and returns the index of its response.
  std::size_t send_at(Micros t, std::string method, std::string path, std::string body = "") {
    std::size_t index = received_.size();
    received_.emplace_back();
    HttpRequest request;
    request.request_id = index + 1;
    request.method = std::move(method);
    request.path = std::move(path);
    request.body = std::move(body);
    request.origin = "tester";
    request.headers.emplace_back("Idempotency-Key", "key-" + std::to_string(index + 1));
    runtime_.schedule_at(t, Runtime::Lane::kActor, [this, index, request] {
      deployment_.send(request, [this, index](HttpResponse r) { received_[index] = Received{runtime_.now(), r}; });
    });
    return index;
  }

  void flag_at(Micros t, bool on) {
    runtime_.schedule_at(t, Runtime::Lane::kControl, [this, on] { deployment_.set_flag(on, "operator"); });
  }

  void window_flags() {
    flag_at(kStart, true);
    flag_at(kEnd, false);
  }

  void at(Micros t, Runtime::Callback fn) { runtime_.schedule_at(t, Runtime::Lane::kActor, std::move(fn)); }

  void run() { runtime_.run_all(); }

  const Received& received(std::size_t index) const { return *received_.at(index); }
  const HttpResponse& response(std::size_t index) const { return received(index).response; }

  template <typename Body>
  std::vector<std::pair<Micros, Body>> events() const {
    std::vector<std::pair<Micros, Body>> found;
    for (const Event& e : history_.events()) {
      if (const auto* body = std::get_if<Body>(&e.body)) found.emplace_back(e.t, *body);
    }
    return found;
  }

  std::vector<std::pair<Micros, ev::MutationApplied>> protected_mutations() const {
    std::vector<std::pair<Micros, ev::MutationApplied>> found;
    for (const auto& [t, m] : events<ev::MutationApplied>()) {
      if (m.role == SinkRole::kProtected) found.emplace_back(t, m);
    }
    return found;
  }

  std::string_view str(StrId id) const { return history_.str(id); }
  ReferenceDeployment& deployment() { return deployment_; }
  Runtime& runtime() { return runtime_; }

 private:
  DeploymentSpec spec_;
  WindowSpec window_;
  History history_;
  SimRuntime runtime_;
  ReferenceDeployment deployment_;
  std::vector<std::optional<Received>> received_;
};

std::string imf(Micros t) { return format_imf_fixdate(kEpoch + t / kMicrosPerSecond); }

std::vector<std::string> retry_after_lines(const HttpResponse& r) {
  std::vector<std::string> lines;
  for (std::string_view v : r.header_values("Retry-After")) lines.emplace_back(v);
  return lines;
}

Mutation background_put(std::string key) {
  Mutation m;
  m.key = std::move(key);
  m.value = "v";
  m.kind = "put";
  m.origin = "writer";
  return m;
}

// --- Refusals -----------------------------------------------------------

TEST(Deployment, ReadOnlyRefusesPutWith423) {
  Harness h;
  h.window_flags();
  std::size_t put = h.send_at(kStart + kMicrosPerSecond, "PUT", "/kv/a", "x");
  h.run();

  const HttpResponse& r = h.response(put);
  ASSERT_EQ(r.status, 423);
  std::vector<std::string_view> retry_after = r.header_values("Retry-After");
  ASSERT_EQ(retry_after.size(), 1u);
  EXPECT_TRUE(parse_retry_after(retry_after, kEpoch).valid());
  EXPECT_EQ(retry_after[0], "120");
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_EQ(r.header("Date"), imf(kStart + kMicrosPerSecond));
}

TEST(Deployment, RefusalBodyIsProblemWithCode) {
  Harness h;
  h.window_flags();
  std::size_t put = h.send_at(kStart, "PUT", "/kv/a", "x");
  h.run();

  nlohmann::json body = nlohmann::json::parse(h.response(put).body);
  EXPECT_EQ(body["type"], "urn:freezedrill:problem:read-only");
  EXPECT_EQ(body["title"], "Writes are frozen for maintenance");
  EXPECT_EQ(body["status"], 423);
  EXPECT_EQ(body["code"], "read_only");
  EXPECT_EQ(body["detail"], "Writes are frozen until 2026-03-01T02:04:00Z; retry after the window.");
}

// The gateway routes a request before it decides, so its refusal names the
// instance it picked: the first routed request goes to instance 0.
TEST(Deployment, GatewayRefusalIsImmediate) {
  Harness h;
  h.window_flags();
  std::size_t put = h.send_at(kStart, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.received(put).at, kStart);
  EXPECT_EQ(h.response(put).instance, 0);
}

TEST(Deployment, RefusalsTakeRoundRobinTurns) {
  Harness h;
  h.window_flags();
  std::size_t first = h.send_at(kStart, "PUT", "/kv/a", "x");
  std::size_t read = h.send_at(kStart, "GET", "/kv/a");
  std::size_t second = h.send_at(kStart, "PUT", "/kv/b", "x");
  std::size_t missing = h.send_at(kStart, "PATCH", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(first).instance, 0);
  EXPECT_EQ(h.response(read).instance, 1);
  EXPECT_EQ(h.response(second).instance, 0);
  EXPECT_EQ(h.response(missing).status, 404);
  EXPECT_EQ(h.response(missing).instance, kNoInstance);
}

TEST(Deployment, RefuseStatus503InReadOnlyMode) {
  DeploymentSpec spec = base_spec();
  spec.refuse_status = 503;
  Harness h(spec);
  h.window_flags();
  std::size_t put = h.send_at(kStart + kMicrosPerSecond, "PUT", "/kv/a", "x");
  std::size_t get = h.send_at(kStart + kMicrosPerSecond, "GET", "/kv/a");
  h.run();

  EXPECT_EQ(h.response(put).status, 503);
  EXPECT_EQ(nlohmann::json::parse(h.response(put).body)["status"], 503);
  EXPECT_EQ(retry_after_lines(h.response(put)), std::vector<std::string>{"120"});
  EXPECT_EQ(h.response(get).status, 404);
}

TEST(Deployment, RefuseStatusReachesServiceLayerRefusal) {
  DeploymentSpec spec = base_spec();
  spec.refuse_status = 503;
  Harness h(spec);
  h.window_flags();
  std::size_t put = h.send_at(kStart - 1, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.received(put).at, kStart - 1 + kLatency);
  EXPECT_EQ(h.response(put).status, 503);
  EXPECT_TRUE(h.protected_mutations().empty());
}

TEST(Deployment, RefuseStatus503InMaintenanceMode) {
  DeploymentSpec spec = base_spec();
  spec.refuse_status = 503;
  WindowSpec window = fixed_window();
  window.mode = "maintenance";
  Harness h(spec, window);
  h.window_flags();
  std::size_t get = h.send_at(kStart + kMicrosPerSecond, "GET", "/kv/a");
  h.run();

  EXPECT_EQ(h.response(get).status, 503);
}

TEST(Deployment, RefuseStatus423InMaintenanceThrows) {
  DeploymentSpec spec = base_spec();
  spec.refuse_status = 423;
  WindowSpec window = fixed_window();
  window.mode = "maintenance";
  EXPECT_THROW(Harness(spec, window), std::invalid_argument);
}

TEST(Deployment, RefuseStatusOutsideAllowedThrows) {
  DeploymentSpec spec = base_spec();
  spec.refuse_status = 429;
  EXPECT_THROW(Harness{spec}, std::invalid_argument);
}

TEST(Deployment, ErrorCodeHeaderWhenRuleNamesOne) {
  DeploymentSpec spec = base_spec();
  spec.error_code = ErrorCodeRule{"", "X-Freeze-Code"};
  Harness h(spec);
  h.window_flags();
  std::size_t put = h.send_at(kStart, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).header("X-Freeze-Code"), "read_only");
}

TEST(Deployment, UntilEndRetryAfterRoundsUp) {
  Harness h(base_spec(), until_end_window());
  h.window_flags();
  std::size_t put = h.send_at(kStart + kMicrosPerSecond / 2, "PUT", "/kv/a", "x");
  h.run();

  // ceil(240 s - 60.5 s) = 180 s.
  EXPECT_EQ(retry_after_lines(h.response(put)), std::vector<std::string>{"180"});
}

TEST(Deployment, UntilEndDateFormStatesEnd) {
  Harness h(base_spec(), until_end_window(RetryAfterPolicy::Form::kDate));
  h.window_flags();
  std::size_t put = h.send_at(kStart + 3 * kMicrosPerSecond, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(retry_after_lines(h.response(put)), std::vector<std::string>{imf(kEnd)});
}

TEST(Deployment, FixedDateFormIsDatePlusDelay) {
  Harness h(base_spec(), fixed_window(RetryAfterPolicy::Form::kDate));
  h.window_flags();
  Micros sent = kStart + 1500 * kMicrosPerMilli;
  std::size_t put = h.send_at(sent, "PUT", "/kv/a", "x");
  h.run();

  const HttpResponse& r = h.response(put);
  EXPECT_EQ(r.header("Date"), imf(sent));
  EXPECT_EQ(retry_after_lines(r), std::vector<std::string>{format_imf_fixdate(kEpoch + 61 + 120)});
}

TEST(Deployment, ExtendedWindowMovesRetryAfter) {
  Harness h(base_spec(), until_end_window());
  h.flag_at(kStart, true);
  Micros new_end = 300 * kMicrosPerSecond;
  h.runtime().schedule_at(kStart + kMicrosPerSecond, Runtime::Lane::kControl,
                          [&h, new_end] { h.deployment().extend_window(new_end, "operator"); });
  std::size_t put = h.send_at(kStart + 10 * kMicrosPerSecond, "PUT", "/kv/a", "x");
  h.run();

  auto extended = h.events<ev::WindowExtended>();
  ASSERT_EQ(extended.size(), 1u);
  EXPECT_EQ(extended[0].second.new_end, new_end);
  EXPECT_EQ(h.deployment().window_end(), new_end);
  EXPECT_EQ(retry_after_lines(h.response(put)), std::vector<std::string>{"230"});
}

TEST(Deployment, MaintenanceRefusesReadsWith503) {
  WindowSpec window = fixed_window();
  window.mode = "maintenance";
  Harness h(base_spec(), window);
  h.window_flags();
  std::size_t get = h.send_at(kStart + kMicrosPerSecond, "GET", "/kv/a");
  std::size_t put = h.send_at(kStart + kMicrosPerSecond, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(get).status, 503);
  EXPECT_EQ(retry_after_lines(h.response(get)), std::vector<std::string>{"120"});
  EXPECT_EQ(h.response(put).status, 503);
  EXPECT_EQ(nlohmann::json::parse(h.response(put).body)["status"], 503);
}

TEST(Deployment, MaintenanceServesHealth) {
  WindowSpec window = fixed_window();
  window.mode = "maintenance";
  Harness h(base_spec(), window);
  h.window_flags();
  std::size_t health = h.send_at(kStart + kMicrosPerSecond, "GET", "/health");
  h.run();

  EXPECT_EQ(h.response(health).status, 200);
  EXPECT_FALSE(h.response(health).header("Retry-After"));
}

TEST(Deployment, ReadsPassDuringReadOnlyWindow) {
  Harness h;
  h.window_flags();
  h.send_at(kMicrosPerSecond, "PUT", "/kv/a", "hello");
  std::size_t get = h.send_at(kStart + kMicrosPerSecond, "GET", "/kv/a");
  std::size_t missing = h.send_at(kStart + kMicrosPerSecond, "GET", "/kv/b");
  h.run();

  EXPECT_EQ(h.response(get).status, 200);
  EXPECT_EQ(h.response(get).body, "hello");
  EXPECT_EQ(h.response(missing).status, 404);
}

// --- Fencing ------------------------------------------------------------

TEST(Deployment, StraddlingWriteRefusedByServiceLayer) {
  Harness h;
  h.window_flags();
  std::size_t put = h.send_at(kStart - 1, "PUT", "/kv/a", "x");
  h.run();

  const Received& r = h.received(put);
  EXPECT_EQ(r.at, kStart - 1 + kLatency);
  EXPECT_EQ(r.response.status, 423);
  EXPECT_EQ(r.response.instance, 0);
  EXPECT_TRUE(h.protected_mutations().empty());
  EXPECT_EQ(h.deployment().kv_sink().size(), 0u);
}

TEST(Deployment, StraddlingRefusalRecordsStorePoll) {
  Harness h;
  h.window_flags();
  h.send_at(kStart - 1, "PUT", "/kv/a", "x");
  h.run();

  auto polls = h.events<ev::FlagPolled>();
  ASSERT_EQ(polls.size(), 1u);
  EXPECT_EQ(h.str(polls[0].second.actor), "service");
  EXPECT_EQ(polls[0].second.instance, 0);
  EXPECT_TRUE(polls[0].second.on);
  EXPECT_TRUE(polls[0].second.from_store);
}

TEST(Deployment, ViewsLagWhileGatewayRefuses) {
  Harness h;
  h.runtime().schedule_at(0, Runtime::Lane::kControl,
                          [&h] { h.deployment().delay_instance_view(1, 3 * kMicrosPerSecond); });
  h.window_flags();
  std::size_t put = h.send_at(kStart, "PUT", "/kv/a", "x");
  h.at(kStart, [&h] { EXPECT_FALSE(h.deployment().instance_sees_flag(0)); });
  h.run();

  auto seen = h.events<ev::FlagSeen>();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].first, kStart + kPropagation);
  EXPECT_EQ(seen[0].second.instance, 0);
  EXPECT_EQ(seen[1].first, kStart + kPropagation + 3 * kMicrosPerSecond);
  EXPECT_EQ(seen[1].second.instance, 1);
  EXPECT_EQ(h.received(put).at, kStart);
  EXPECT_EQ(h.response(put).status, 423);
}

TEST(Deployment, LateViewRecordsFault) {
  Harness h;
  h.runtime().schedule_at(kStart, Runtime::Lane::kControl,
                          [&h] { h.deployment().delay_instance_view(1, 3 * kMicrosPerSecond); });
  h.run();

  auto faults = h.events<ev::FaultInjected>();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(h.str(faults[0].second.fault), "flag_late");
  EXPECT_EQ(faults[0].second.instance, 1);
  EXPECT_EQ(h.str(faults[0].second.detail), R"({"delay":"3s"})");
}

TEST(Deployment, ClearedFlagReachesViewsInOrder) {
  Harness h;
  h.runtime().schedule_at(0, Runtime::Lane::kControl,
                          [&h] { h.deployment().delay_instance_view(1, 3 * kMicrosPerSecond); });
  h.flag_at(kStart, true);
  h.flag_at(kStart + kMicrosPerSecond, false);
  h.run();

  EXPECT_FALSE(h.deployment().instance_sees_flag(0));
  EXPECT_FALSE(h.deployment().instance_sees_flag(1));
  auto seen = h.events<ev::FlagSeen>();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_TRUE(seen[2].second.on);
  EXPECT_EQ(seen[2].second.instance, 1);
  EXPECT_FALSE(seen[3].second.on);
  EXPECT_EQ(seen[3].second.instance, 1);
}

TEST(Deployment, WritesAfterClearAreApplied) {
  Harness h;
  h.window_flags();
  Micros sent = kEnd + kMicrosPerSecond;
  std::size_t put = h.send_at(sent, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).status, 200);
  EXPECT_EQ(h.response(put).header("Date"), imf(sent));
  auto applied = h.protected_mutations();
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].first, sent + kLatency);
  EXPECT_EQ(applied[0].second.admitted_at, sent);
  EXPECT_EQ(h.str(applied[0].second.sink), "kv");
  EXPECT_EQ(h.str(applied[0].second.key), "a");
  EXPECT_EQ(h.str(applied[0].second.origin), "tester");
  EXPECT_EQ(h.str(applied[0].second.idempotency_key), "key-1");
  EXPECT_EQ(h.str(applied[0].second.mutation), "put");
  EXPECT_EQ(applied[0].second.request_id, 1u);
  EXPECT_EQ(*h.deployment().kv_sink().find("a"), "x");
}

TEST(Deployment, WriteStatusFollowsMethod) {
  Harness h;
  std::size_t upsert = h.send_at(kMicrosPerSecond, "POST", "/vectors", "[1,2]");
  std::size_t remove = h.send_at(kMicrosPerSecond, "DELETE", "/kv/a");
  std::size_t search = h.send_at(2 * kMicrosPerSecond, "POST", "/search", "{}");
  h.run();

  EXPECT_EQ(h.response(upsert).status, 201);
  EXPECT_EQ(h.response(remove).status, 204);
  EXPECT_EQ(h.response(search).status, 200);
  EXPECT_EQ(h.response(search).body, R"({"count":1,"ids":["upsert_vector"]})");
}

TEST(Deployment, FlagWritesGoToAuditSink) {
  Harness h;
  h.window_flags();
  h.run();

  auto applied = h.events<ev::MutationApplied>();
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[0].second.role, SinkRole::kAudit);
  EXPECT_EQ(h.str(applied[0].second.origin), "operator");
  EXPECT_EQ(*h.deployment().audit_sink().find("read_only"), "off");
}

TEST(Deployment, BackgroundPutRefusedWhileFlagOn) {
  Harness h;
  h.window_flags();
  std::optional<bool> applied;
  h.at(kStart + kMicrosPerSecond, [&] { applied = h.deployment().apply_background(1, background_put("k")); });
  h.run();

  ASSERT_TRUE(applied.has_value());
  EXPECT_FALSE(*applied);
  EXPECT_TRUE(h.protected_mutations().empty());
  ASSERT_EQ(h.events<ev::FlagPolled>().size(), 1u);
  EXPECT_EQ(h.events<ev::FlagPolled>()[0].second.instance, 1);
}

TEST(Deployment, BackgroundPutAppliedWhileFlagOff) {
  Harness h;
  std::optional<bool> applied;
  h.at(kMicrosPerSecond, [&] { applied = h.deployment().apply_background(1, background_put("k")); });
  h.run();

  ASSERT_TRUE(applied.has_value());
  EXPECT_TRUE(*applied);
  auto mutations = h.protected_mutations();
  ASSERT_EQ(mutations.size(), 1u);
  EXPECT_EQ(mutations[0].second.admitted_at, kMicrosPerSecond);
  EXPECT_EQ(mutations[0].second.instance, 1);
  EXPECT_EQ(mutations[0].second.request_id, 0u);
}

// --- Routing and capacity -------------------------------------------------

TEST(Deployment, CapacityQueuesRequests) {
  DeploymentSpec spec = base_spec();
  spec.instances = 1;
  spec.capacity = Rate{10, 1};  // 100 ms of service per request
  Harness h(spec);
  std::vector<std::size_t> gets;
  for (int k = 0; k < 3; ++k) gets.push_back(h.send_at(kMicrosPerSecond, "GET", "/kv/a"));
  h.run();

  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(h.received(gets[static_cast<std::size_t>(k)]).at,
              kMicrosPerSecond + (k + 1) * 100 * kMicrosPerMilli + kLatency);
  }
}

TEST(Deployment, UnlimitedCapacityDoesNotQueue) {
  DeploymentSpec spec = base_spec();
  spec.instances = 1;
  Harness h(spec);
  std::size_t first = h.send_at(kMicrosPerSecond, "GET", "/kv/a");
  std::size_t second = h.send_at(kMicrosPerSecond, "GET", "/kv/a");
  h.run();

  EXPECT_EQ(h.received(first).at, kMicrosPerSecond + kLatency);
  EXPECT_EQ(h.received(second).at, kMicrosPerSecond + kLatency);
}

TEST(Deployment, RoundRobinOverInstances) {
  Harness h;
  std::size_t first = h.send_at(kMicrosPerSecond, "GET", "/health");
  std::size_t second = h.send_at(kMicrosPerSecond, "GET", "/health");
  std::size_t third = h.send_at(kMicrosPerSecond, "GET", "/health");
  h.run();

  EXPECT_EQ(h.response(first).instance, 0);
  EXPECT_EQ(h.response(second).instance, 1);
  EXPECT_EQ(h.response(third).instance, 0);
}

TEST(Deployment, UnknownRouteIs404Problem) {
  Harness h;
  std::size_t r = h.send_at(kMicrosPerSecond, "PATCH", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(r).status, 404);
  EXPECT_EQ(h.response(r).header("Content-Type"), "application/problem+json");
  EXPECT_TRUE(h.response(r).header("Date"));
}

TEST(Deployment, EndpointFieldIsOnlyHint) {
  Harness h;
  h.window_flags();
  HttpRequest request;
  request.method = "PUT";
  request.path = "/kv/a";
  request.endpoint = "get_kv";
  std::optional<int> status;
  h.at(kStart, [&] { h.deployment().send(request, [&](HttpResponse r) { status = r.status; }); });
  h.run();

  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 423);
}

TEST(Deployment, RouterPrefersLiteralSegments) {
  std::vector<EndpointSpec> endpoints = {endpoint("put_kv", "PUT", "/kv/{key}", true, "put"),
                                         endpoint("batch", "PUT", "/kv/batch", true, "batch_write")};
  EndpointRouter router(endpoints);

  auto batch = router.match("PUT", "/kv/batch");
  auto key = router.match("PUT", "/kv/k1?x=1");
  ASSERT_TRUE(batch);
  ASSERT_TRUE(key);
  EXPECT_EQ(batch->endpoint->name, "batch");
  EXPECT_EQ(key->endpoint->name, "put_kv");
  EXPECT_EQ(key->params, std::vector<std::string>{"k1"});
  EXPECT_FALSE(router.match("PUT", "/kv/"));
  EXPECT_FALSE(router.match("PUT", "/kv/a/b"));
}

// --- Defects ------------------------------------------------------------

HttpResponse refusal_with(std::string defect) {
  DeploymentSpec spec = base_spec();
  spec.defects = {std::move(defect)};
  Harness h(spec);
  h.window_flags();
  std::size_t put = h.send_at(kStart, "PUT", "/kv/a", "x");
  h.run();
  return h.response(put);
}

TEST(Defect, RetryAfterMissingSendsNone) {
  HttpResponse r = refusal_with("retry_after_missing");
  EXPECT_EQ(r.status, 423);
  EXPECT_TRUE(retry_after_lines(r).empty());
}

TEST(Defect, RetryAfterEmptySendsEmptyValue) {
  HttpResponse r = refusal_with("retry_after_empty");
  EXPECT_EQ(retry_after_lines(r), std::vector<std::string>{""});
}

TEST(Defect, RetryAfterNegativeSendsMinus120) {
  HttpResponse r = refusal_with("retry_after_negative");
  EXPECT_EQ(retry_after_lines(r), std::vector<std::string>{"-120"});
}

TEST(Defect, RetryAfterFractionalSendsOnePointFive) {
  HttpResponse r = refusal_with("retry_after_fractional");
  EXPECT_EQ(retry_after_lines(r), std::vector<std::string>{"1.5"});
}

TEST(Defect, RetryAfterDuplicatedSendsTwoLines) {
  HttpResponse r = refusal_with("retry_after_duplicated");
  EXPECT_EQ(retry_after_lines(r), (std::vector<std::string>{"120", "120"}));
  EXPECT_FALSE(parse_retry_after(r.header_values("Retry-After"), kEpoch).valid());
}

TEST(Defect, ReenableLatchedKeepsRefusing) {
  DeploymentSpec spec = base_spec();
  spec.defects = {"reenable_latched"};
  Harness h(spec);
  h.window_flags();
  std::size_t put = h.send_at(kEnd + 10 * kMicrosPerSecond, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).status, 423);
  EXPECT_EQ(nlohmann::json::parse(h.response(put).body)["code"], "read_only");
  EXPECT_TRUE(h.protected_mutations().empty());
  ASSERT_EQ(h.events<ev::FlagPolled>().size(), 1u);
  EXPECT_FALSE(h.events<ev::FlagPolled>()[0].second.from_store);
}

TEST(Defect, ReenableLatchedNeedsTheWindow) {
  DeploymentSpec spec = base_spec();
  spec.defects = {"reenable_latched"};
  Harness h(spec);
  std::size_t put = h.send_at(kEnd + 10 * kMicrosPerSecond, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).status, 200);
}

TEST(Defect, ReenableMissedStepRefusesWritesOnly) {
  DeploymentSpec spec = base_spec();
  spec.defects = {"reenable_missed_step"};
  Harness h(spec);
  h.window_flags();
  std::size_t put = h.send_at(kEnd + 10 * kMicrosPerSecond, "PUT", "/kv/a", "x");
  std::size_t get = h.send_at(kEnd + 10 * kMicrosPerSecond, "GET", "/kv/a");
  h.run();

  EXPECT_FALSE(h.deployment().flag());
  EXPECT_EQ(h.response(put).status, 423);
  EXPECT_EQ(h.received(put).at, kEnd + 10 * kMicrosPerSecond);
  EXPECT_EQ(h.response(get).status, 404);
}

TEST(Defect, MutationUnclassifiedLeaksLastWriteKind) {
  DeploymentSpec spec = base_spec();
  spec.defects = {"mutation_unclassified"};
  Harness h(spec);
  h.window_flags();
  std::size_t upsert = h.send_at(kStart + kMicrosPerSecond, "POST", "/vectors", "[1]");
  std::size_t put = h.send_at(kStart + kMicrosPerSecond, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(upsert).status, 201);
  EXPECT_EQ(h.response(put).status, 423);
  auto applied = h.protected_mutations();
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(h.str(applied[0].second.sink), "vectors");
  EXPECT_EQ(h.str(applied[0].second.mutation), "upsert");
  EXPECT_GE(applied[0].first, kStart);
  EXPECT_LT(applied[0].first, kEnd);
}

TEST(Defect, ServiceLayerUnguardedAppliesBackgroundPut) {
  DeploymentSpec spec = base_spec();
  spec.defects = {"service_layer_unguarded"};
  Harness h(spec);
  h.window_flags();
  std::optional<bool> applied;
  h.at(kStart + kMicrosPerSecond, [&] { applied = h.deployment().apply_background(0, background_put("k")); });
  h.run();

  ASSERT_TRUE(applied.has_value());
  EXPECT_TRUE(*applied);
  auto mutations = h.protected_mutations();
  ASSERT_EQ(mutations.size(), 1u);
  EXPECT_EQ(mutations[0].first, kStart + kMicrosPerSecond);
  EXPECT_EQ(h.str(mutations[0].second.origin), "writer");
}

TEST(Defect, ServiceLayerUnguardedStillFencesApi) {
  DeploymentSpec spec = base_spec();
  spec.defects = {"service_layer_unguarded"};
  Harness h(spec);
  h.window_flags();
  std::size_t put = h.send_at(kStart - 1, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).status, 423);
  EXPECT_TRUE(h.protected_mutations().empty());
}

Harness with_defect(std::string defect, DeploymentSpec spec = base_spec()) {
  spec.defects = {std::move(defect)};
  return Harness(spec);
}

// The guard reads instance 1's view, which turns on kPropagation after S.
TEST(Defect, ServiceTrustsCachedViewLeaksWhileViewLags) {
  Harness h = with_defect("service_trusts_cached_view");
  h.window_flags();
  std::optional<bool> in_lag;
  std::optional<bool> after_lag;
  h.at(kStart + kPropagation - 1, [&] { in_lag = h.deployment().apply_background(1, background_put("a")); });
  h.at(kStart + kPropagation, [&] { after_lag = h.deployment().apply_background(1, background_put("b")); });
  h.run();

  ASSERT_TRUE(in_lag.has_value());
  EXPECT_TRUE(*in_lag);
  ASSERT_TRUE(after_lag.has_value());
  EXPECT_FALSE(*after_lag);
  auto mutations = h.protected_mutations();
  ASSERT_EQ(mutations.size(), 1u);
  EXPECT_EQ(mutations[0].first, kStart + kPropagation - 1);
}

TEST(Defect, ServiceTrustsCachedViewRecordsViewRead) {
  Harness h = with_defect("service_trusts_cached_view");
  h.window_flags();
  h.at(kStart + kPropagation, [&] { h.deployment().apply_background(1, background_put("b")); });
  h.run();

  auto polls = h.events<ev::FlagPolled>();
  ASSERT_EQ(polls.size(), 1u);
  EXPECT_FALSE(polls[0].second.from_store);
  EXPECT_TRUE(polls[0].second.guard);
}

TEST(Defect, ServiceTrustsCachedViewLongerOnLateInstance) {
  Harness h = with_defect("service_trusts_cached_view");
  h.runtime().schedule_at(0, Runtime::Lane::kControl,
                          [&h] { h.deployment().delay_instance_view(1, 3 * kMicrosPerSecond); });
  h.window_flags();
  std::optional<bool> late;
  std::optional<bool> on_time;
  h.at(kStart + 2 * kMicrosPerSecond, [&] { late = h.deployment().apply_background(1, background_put("a")); });
  h.at(kStart + 2 * kMicrosPerSecond, [&] { on_time = h.deployment().apply_background(0, background_put("b")); });
  h.run();

  ASSERT_TRUE(late.has_value());
  EXPECT_TRUE(*late);
  ASSERT_TRUE(on_time.has_value());
  EXPECT_FALSE(*on_time);
}

TEST(Defect, ServiceTrustsCachedViewAppliesStraddlingWrite) {
  Harness h = with_defect("service_trusts_cached_view");
  h.window_flags();
  std::size_t put = h.send_at(kStart - 1, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).status, 200);
  auto applied = h.protected_mutations();
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].first, kStart - 1 + kLatency);
  EXPECT_EQ(applied[0].second.admitted_at, kStart - 1);
}

TEST(Defect, ServiceTrustsCachedViewStillFencesWindowWrites) {
  Harness h = with_defect("service_trusts_cached_view");
  h.window_flags();
  std::size_t put = h.send_at(kStart + 1, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).status, 423);
  EXPECT_EQ(h.received(put).at, kStart + 1);
  EXPECT_TRUE(h.protected_mutations().empty());
}

TEST(Defect, StraddleUncheckedAppliesWriteAdmittedBeforeStart) {
  DeploymentSpec spec = base_spec();
  spec.latency = 500 * kMicrosPerMilli;
  Harness h = with_defect("straddle_unchecked", spec);
  h.window_flags();
  Micros sent = kStart - 100 * kMicrosPerMilli;
  std::size_t put = h.send_at(sent, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).status, 200);
  auto applied = h.protected_mutations();
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].first, sent + 500 * kMicrosPerMilli);
  EXPECT_EQ(applied[0].second.admitted_at, sent);
  EXPECT_TRUE(h.events<ev::FlagPolled>().empty());
}

TEST(Defect, StraddleUncheckedStillFencesBackgroundPut) {
  Harness h = with_defect("straddle_unchecked");
  h.window_flags();
  std::optional<bool> applied;
  h.at(kStart, [&] { applied = h.deployment().apply_background(0, background_put("k")); });
  h.run();

  ASSERT_TRUE(applied.has_value());
  EXPECT_FALSE(*applied);
  EXPECT_TRUE(h.protected_mutations().empty());
}

TEST(Defect, StraddleUncheckedStillRefusesWindowWrites) {
  Harness h = with_defect("straddle_unchecked");
  h.window_flags();
  std::size_t put = h.send_at(kStart, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).status, 423);
  EXPECT_TRUE(h.protected_mutations().empty());
}

TEST(Defect, ReadPostBlockedRefusesSearchInWindow) {
  Harness h = with_defect("read_post_blocked");
  h.window_flags();
  std::size_t before = h.send_at(kStart - kMicrosPerSecond, "POST", "/search", "{}");
  std::size_t during = h.send_at(kStart + kMicrosPerSecond, "POST", "/search", "{}");
  std::size_t get = h.send_at(kStart + kMicrosPerSecond, "GET", "/kv/a");
  std::size_t after = h.send_at(kEnd + kMicrosPerSecond, "POST", "/search", "{}");
  h.run();

  EXPECT_EQ(h.response(before).status, 200);
  EXPECT_EQ(h.response(during).status, 423);
  EXPECT_EQ(nlohmann::json::parse(h.response(during).body)["code"], "read_only");
  EXPECT_EQ(retry_after_lines(h.response(during)), std::vector<std::string>{"120"});
  EXPECT_EQ(h.response(get).status, 404);
  EXPECT_EQ(h.response(after).status, 200);
}

TEST(Defect, ReadPostBlockedFollowsRefuseStatus) {
  DeploymentSpec spec = base_spec();
  spec.refuse_status = 503;
  Harness h = with_defect("read_post_blocked", spec);
  h.window_flags();
  std::size_t search = h.send_at(kStart + kMicrosPerSecond, "POST", "/search", "{}");
  h.run();

  EXPECT_EQ(h.response(search).status, 503);
}

TEST(Defect, ReadPostBlockedLeavesWritesAlone) {
  Harness h = with_defect("read_post_blocked");
  h.window_flags();
  std::size_t upsert = h.send_at(kMicrosPerSecond, "POST", "/vectors", "[1]");
  std::size_t put = h.send_at(kStart + kMicrosPerSecond, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(upsert).status, 201);
  EXPECT_EQ(h.response(put).status, 423);
}

std::string body_code(const HttpResponse& r) { return nlohmann::json::parse(r.body)["code"]; }

TEST(Defect, ErrorCodePerInstanceVariesGatewayCode) {
  Harness h = with_defect("error_code_per_instance");
  h.window_flags();
  std::size_t first = h.send_at(kStart + kMicrosPerSecond, "PUT", "/kv/a", "x");
  std::size_t second = h.send_at(kStart + kMicrosPerSecond, "DELETE", "/kv/a");
  h.run();

  EXPECT_EQ(h.response(first).instance, 0);
  EXPECT_EQ(body_code(h.response(first)), "read_only");
  EXPECT_EQ(h.response(second).instance, 1);
  EXPECT_EQ(body_code(h.response(second)), "read_only_1");
  EXPECT_EQ(h.response(second).status, 423);
}

TEST(Defect, ErrorCodePerInstanceVariesServiceLayerCode) {
  Harness h = with_defect("error_code_per_instance");
  h.window_flags();
  h.send_at(kStart - 2, "GET", "/health");
  std::size_t put = h.send_at(kStart - 1, "PUT", "/kv/a", "x");
  h.run();

  EXPECT_EQ(h.response(put).status, 423);
  EXPECT_EQ(h.response(put).instance, 1);
  EXPECT_EQ(body_code(h.response(put)), "read_only_1");
}

TEST(Defect, ErrorCodePerInstanceVariesHeader) {
  DeploymentSpec spec = base_spec();
  spec.error_code = ErrorCodeRule{"", "X-Freeze-Code"};
  Harness h = with_defect("error_code_per_instance", spec);
  h.window_flags();
  h.send_at(kStart + kMicrosPerSecond, "PUT", "/kv/a", "x");
  std::size_t second = h.send_at(kStart + kMicrosPerSecond, "PUT", "/kv/b", "x");
  h.run();

  EXPECT_EQ(h.response(second).header("X-Freeze-Code"), "read_only_1");
}

// --- Catalogue ----------------------------------------------------------

TEST(Catalogue, HoldsEveryDefect) {
  const std::vector<std::string> names = {
      "retry_after_missing",        "retry_after_empty",        "retry_after_negative",
      "retry_after_fractional",     "retry_after_duplicated",   "reenable_latched",
      "reenable_missed_step",       "mutation_unclassified",    "service_layer_unguarded",
      "client_ignores_retry_after", "client_no_jitter",         "client_unbounded_retries",
      "client_exceeds_max_wait",    "service_trusts_cached_view", "straddle_unchecked",
      "read_post_blocked",          "error_code_per_instance",  "cron_ignores_flag",
      "backfill_checks_flag_once",  "worker_never_rechecks",    "supervisor_busy_loop",
      "flag_lost_on_restart",       "reenable_lost_in_crash",   "restart_runs_migrations"};
  ASSERT_EQ(builtin_defects().all().size(), names.size());
  for (const std::string& name : names) EXPECT_NE(builtin_defects().find(name), nullptr) << name;
}

TEST(Catalogue, CheckSetsAreSorted) {
  for (const DefectEntry& e : builtin_defects().all()) {
    EXPECT_FALSE(e.checks.empty()) << e.name;
    EXPECT_TRUE(std::is_sorted(e.checks.begin(), e.checks.end())) << e.name;
  }
}

TEST(Catalogue, EntriesDeclareExactChecks) {
  const DefectCatalogue& c = builtin_defects();
  EXPECT_EQ(c.find("retry_after_empty")->checks, (std::vector<std::string>{"backoff_bounded", "write_status"}));
  EXPECT_EQ(c.find("reenable_missed_step")->checks, std::vector<std::string>{"write_status"});
  EXPECT_EQ(c.find("mutation_unclassified")->checks, (std::vector<std::string>{"no_write_leak", "write_status"}));
  EXPECT_EQ(c.find("service_layer_unguarded")->checks, std::vector<std::string>{"no_write_leak"});
  EXPECT_EQ(c.find("service_layer_unguarded")->surfaces, std::vector<std::string>{"kv_writer"});
  EXPECT_EQ(c.find("service_trusts_cached_view")->checks, std::vector<std::string>{"no_write_leak"});
  EXPECT_EQ(c.find("service_trusts_cached_view")->surfaces, std::vector<std::string>{"kv_writer"});
  EXPECT_EQ(c.find("straddle_unchecked")->checks, std::vector<std::string>{"no_write_leak"});
  EXPECT_EQ(c.find("read_post_blocked")->checks, std::vector<std::string>{"reads_healthy"});
  EXPECT_EQ(c.find("error_code_per_instance")->checks, std::vector<std::string>{"write_status"});
}

// Writes are in flight at S on every seed only when they are slow and the
// views lag, and that baseline also has steady searches and refused writes.
TEST(Catalogue, FourDefectsUseSlowWritesBaseline) {
  const DefectCatalogue& c = builtin_defects();
  EXPECT_EQ(c.find("service_trusts_cached_view")->baseline, "scenarios/baseline-slow-writes.json");
  EXPECT_EQ(c.find("straddle_unchecked")->baseline, "scenarios/baseline-slow-writes.json");
  EXPECT_EQ(c.find("read_post_blocked")->baseline, "scenarios/baseline-slow-writes.json");
  EXPECT_EQ(c.find("error_code_per_instance")->baseline, "scenarios/baseline-slow-writes.json");
}

TEST(Catalogue, EntriesNameScenarioAndClass) {
  const DefectEntry* e = builtin_defects().find("retry_after_empty");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->scenario, "scenarios/defect-retry-after-empty.json");
  EXPECT_EQ(e->failure_class, "malformed Retry-After");
  EXPECT_EQ(builtin_defects().find("reenable_latched")->failure_class, "writes never re-enabled");
}

}  // namespace
}  // namespace freezedrill
