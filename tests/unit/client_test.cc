#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "fakes/surfaces/client.h"
#include "fakes/surfaces/response_recorder.h"
#include "fakes/surfaces/retry_policy.h"
#include "fakes/surfaces/surface.h"
#include "fakes/transport/transport.h"
#include "sim/core/calendar.h"
#include "sim/core/error.h"
#include "sim/history/history.h"
#include "sim/http/retry_after.h"
#include "sim/runtime/prng.h"
#include "sim/runtime/sim_runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {
namespace {

constexpr std::uint64_t kSeed = 42;
constexpr Micros kLatency = 5 * kMicrosPerMilli;

std::int64_t epoch_unix() { return *parse_rfc3339("2026-03-01T02:00:00Z"); }

// Delivers the next scripted response kLatency after each request, or
// `fallback` once the script is used up. Responses are delivered through the
// runtime, never from inside send(), as the Transport contract requires.
class ScriptedTransport final : public Transport {
 public:
  explicit ScriptedTransport(Runtime& runtime) : runtime_(runtime) { fallback.status = 200; }

  void send(HttpRequest request, ResponseHandler on_response) override {
    requests.push_back(request);
    HttpResponse response = fallback;
    if (!script.empty()) {
      response = script.front();
      script.pop_front();
    }
    runtime_.schedule_after(kLatency, [on_response, response] { on_response(response); });
  }

  std::deque<HttpResponse> script;
  HttpResponse fallback;
  std::vector<HttpRequest> requests;

 private:
  Runtime& runtime_;
};

HttpResponse response_with(int status, HeaderList headers = {}, std::string body = "") {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

EndpointSpec endpoint(std::string name, std::string method, std::string path, bool write) {
  EndpointSpec e;
  e.name = std::move(name);
  e.method = std::move(method);
  e.path = std::move(path);
  e.write = write;
  e.mutation = write ? "put" : "";
  return e;
}

// A scenario with one client surface, a real SimRuntime and History, and the
// scripted transport in place of the deployment.
struct ClientWorld {
  explicit ClientWorld(std::uint64_t seed = kSeed) : runtime(seed, epoch_unix(), history), transport(runtime) {
    scenario.duration = 60 * kMicrosPerSecond;
    scenario.deployment.endpoints = {endpoint("put_kv", "PUT", "/kv/{key}", true),
                                     endpoint("get_kv", "GET", "/kv/{key}", false)};
    SurfaceSpec spec;
    spec.kind = "client";
    spec.name = "web";
    spec.pointer = "/surfaces/0";
    spec.rate = *parse_rate("1/m");  // with a 60 s run: exactly one operation per client
    spec.fixed_arrivals = true;
    spec.writes = 1.0;
    scenario.surfaces.push_back(spec);
  }

  SurfaceSpec& spec() { return scenario.surfaces[0]; }

  void run() {
    clients = make_clients(spec(), runtime, transport, scenario);
    for (auto& c : clients) c->start();
    runtime.run_all();
  }

  // For clients that never stop retrying on their own.
  void run_until(Micros t) {
    clients = make_clients(spec(), runtime, transport, scenario);
    for (auto& c : clients) c->start();
    runtime.run_until(t);
  }

  History history;
  SimRuntime runtime;
  ScriptedTransport transport;
  Scenario scenario;
  std::vector<std::unique_ptr<Surface>> clients;
};

template <typename Body>
std::vector<std::pair<Micros, Body>> events_of(const History& h) {
  std::vector<std::pair<Micros, Body>> out;
  for (const Event& e : h.events()) {
    if (const Body* body = std::get_if<Body>(&e.body)) out.emplace_back(e.t, *body);
  }
  return out;
}

std::optional<std::string> idempotency_key(const HttpRequest& r) {
  for (const auto& [name, value] : r.headers) {
    if (header_name_equals(name, "Idempotency-Key")) return value;
  }
  return std::nullopt;
}

// --- response recorder ------------------------------------------------------

ev::ResponseReceived record(History& h, const HttpResponse& resp, const ErrorCodeRule& rule = {}) {
  HttpRequest req;
  req.request_id = 7;
  req.endpoint = "put_kv";
  return record_response(h, epoch_unix(), 10 * kMicrosPerSecond, req, resp, 9 * kMicrosPerSecond, 3, "web#0", true,
                         rule);
}

TEST(Recorder, CodeFromPointer) {
  History h;
  ErrorCodeRule rule;
  rule.pointer = "/error/code";
  auto e = record(h, response_with(423, {{"Content-Type", "application/json"}}, R"({"error":{"code":"read_only"}})"),
                  rule);
  EXPECT_EQ(h.str(e.error_code), "read_only");
  EXPECT_EQ(h.str(e.error_code_source), "pointer");
}

TEST(Recorder, CodeFromHeader) {
  History h;
  ErrorCodeRule rule;
  rule.header = "X-Error-Code";
  auto e = record(h, response_with(503, {{"x-error-code", "read_only"}}, "{}"), rule);
  EXPECT_EQ(h.str(e.error_code), "read_only");
  EXPECT_EQ(h.str(e.error_code_source), "header");
}

TEST(Recorder, CodeFromProblemCode) {
  History h;
  auto e = record(h, response_with(423, {{"Content-Type", "application/problem+json; charset=utf-8"}},
                                   R"({"type":"https://example.test/read-only","code":"read_only"})"));
  EXPECT_EQ(h.str(e.error_code), "read_only");
  EXPECT_EQ(h.str(e.error_code_source), "problem_code");
}

TEST(Recorder, CodeFromProblemType) {
  History h;
  auto e = record(h, response_with(423, {{"Content-Type", "application/problem+json"}},
                                   R"({"type":"https://example.test/read-only","title":"Read-only"})"));
  EXPECT_EQ(h.str(e.error_code), "https://example.test/read-only");
  EXPECT_EQ(h.str(e.error_code_source), "problem_type");
}

TEST(Recorder, NonJsonBodyHasNoCode) {
  History h;
  ErrorCodeRule rule;
  rule.pointer = "/code";
  auto e = record(h, response_with(503, {{"Content-Type", "text/plain"}}, "Service Unavailable"), rule);
  EXPECT_EQ(e.error_code, kNoStr);
  EXPECT_EQ(e.error_code_source, kNoStr);
}

TEST(Recorder, MissingPointerMemberHasNoCode) {
  History h;
  ErrorCodeRule rule;
  rule.pointer = "/code";
  auto e = record(h, response_with(503, {{"Content-Type", "application/problem+json"}}, R"({"type":"about:x"})"),
                  rule);
  EXPECT_EQ(e.error_code, kNoStr);
}

TEST(Recorder, SuccessBodyNotParsed) {
  History h;
  auto e = record(h, response_with(200, {{"Content-Type", "application/problem+json"}}, R"({"code":"read_only"})"));
  EXPECT_EQ(e.error_code, kNoStr);
}

TEST(Recorder, CountsTwoRetryAfterLines) {
  History h;
  auto e = record(h, response_with(503, {{"Retry-After", "120"}, {"Retry-After", "60"}}));
  EXPECT_EQ(e.retry_after_count, 2);
  EXPECT_EQ(h.str(e.retry_after_raw), "120\n60");
  EXPECT_EQ(e.retry_after_form, RetryAfterForm::kInvalid);
}

TEST(Recorder, ParsesDelaySeconds) {
  History h;
  auto e = record(h, response_with(503, {{"Retry-After", "120"}}));
  EXPECT_EQ(e.retry_after_count, 1);
  EXPECT_EQ(e.retry_after_form, RetryAfterForm::kDelaySeconds);
  EXPECT_EQ(e.retry_after_seconds, 120);
}

TEST(Recorder, ParsesDateHeader) {
  History h;
  auto e = record(h, response_with(423, {{"Date", "Sun, 01 Mar 2026 02:00:10 GMT"}}));
  EXPECT_EQ(e.date, epoch_unix() + 10);
}

TEST(Recorder, InvalidDateIsNoTime) {
  History h;
  auto e = record(h, response_with(423, {{"Date", "yesterday"}}));
  EXPECT_EQ(e.date, kNoTime);
}

TEST(Recorder, ReceiptFromHeaderOrProblem) {
  History h;
  auto from_header = record(h, response_with(423, {{"Freeze-Intent", "r-1"}}));
  auto from_body = record(h, response_with(423, {{"Content-Type", "application/problem+json"}},
                                           R"({"type":"about:blank","receipt":"r-2"})"));
  EXPECT_EQ(h.str(from_header.receipt), "r-1");
  EXPECT_EQ(h.str(from_body.receipt), "r-2");
}

TEST(Recorder, CacheFieldsAndTransportError) {
  History h;
  auto cached = record(h, response_with(200, {{"Cache-Control", "max-age=60"}, {"Cache-Control", "public"},
                                              {"Age", "12"}}));
  HttpResponse failed;
  failed.transport_error = "timeout";
  auto lost = record(h, failed);
  EXPECT_EQ(h.str(cached.cache_control), "max-age=60, public");
  EXPECT_EQ(cached.cache_age, 12);
  EXPECT_EQ(lost.status, 0);
  EXPECT_EQ(h.str(lost.transport_error), "timeout");
}

TEST(Recorder, AppendsEventAtReceipt) {
  History h;
  auto e = record(h, response_with(200));
  auto recorded = events_of<ev::ResponseReceived>(h);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].first, 10 * kMicrosPerSecond);
  EXPECT_EQ(recorded[0].second.request_id, 7u);
  EXPECT_EQ(recorded[0].second.op_id, 3u);
  EXPECT_EQ(e.sent_at, 9 * kMicrosPerSecond);
  EXPECT_EQ(h.str(e.actor), "web#0");
}

// --- retry policy -------------------------------------------------------------

TEST(RetryPolicy, CappedExponentialSaturates) {
  EXPECT_EQ(capped_exponential(100, 1000, 0), 100);
  EXPECT_EQ(capped_exponential(100, 1000, 3), 800);
  EXPECT_EQ(capped_exponential(100, 1000, 4), 1000);
  EXPECT_EQ(capped_exponential(100, 1000, 200), 1000);
}

TEST(RetryPolicy, UnimplementedNameIsNull) {
  RetrySpec spec;
  spec.policy = "sometimes";
  EXPECT_EQ(make_retry_policy(spec), nullptr);
}

ev::ResponseReceived unavailable_with_retry_after(std::int64_t seconds) {
  ev::ResponseReceived r;
  r.status = 503;
  r.retry_after_count = 1;
  r.retry_after_form = RetryAfterForm::kDelaySeconds;
  r.retry_after_seconds = seconds;
  return r;
}

RetrySpec full_jitter_spec() {
  RetrySpec spec;
  spec.policy = "full_jitter";
  spec.base = 100 * kMicrosPerMilli;
  spec.cap = kMicrosPerSecond;
  return spec;
}

TEST(RetryPlanner, RetryAfterIgnoredWhenNotRespected) {
  RetrySpec spec = full_jitter_spec();
  spec.respect_retry_after = false;
  RetryPlanner planner(spec, make_retry_policy(spec), epoch_unix());
  Prng rng(kSeed);
  RetryDecision d = planner.decide(unavailable_with_retry_after(120), 0, {1, 0}, rng);
  EXPECT_EQ(d.action, RetryDecision::Action::kRetry);
  EXPECT_LE(d.wait, 100 * kMicrosPerMilli);
}

TEST(RetryPlanner, InvalidRetryAfterUsesBackoff) {
  RetrySpec spec = full_jitter_spec();
  RetryPlanner planner(spec, make_retry_policy(spec), epoch_unix());
  ev::ResponseReceived r = unavailable_with_retry_after(120);
  r.retry_after_form = RetryAfterForm::kInvalid;
  Prng rng(kSeed);
  RetryDecision d = planner.decide(r, 0, {1, 0}, rng);
  EXPECT_EQ(d.action, RetryDecision::Action::kRetry);
  EXPECT_LE(d.wait, 100 * kMicrosPerMilli);
}

TEST(RetryPlanner, WaitEqualsBackoffWithoutRetryAfter) {
  RetrySpec spec = full_jitter_spec();
  RetryPlanner planner(spec, make_retry_policy(spec), epoch_unix());
  ev::ResponseReceived r;
  r.status = 429;
  Prng rng(kSeed);
  RetryDecision d = planner.decide(r, 0, {4, 0}, rng);
  EXPECT_EQ(d.action, RetryDecision::Action::kRetry);
  EXPECT_EQ(d.wait, d.backoff);
  EXPECT_LE(d.wait, 800 * kMicrosPerMilli);
}

TEST(RetryPlanner, MaxWaitEqualToRetryAfterWaits) {
  RetrySpec spec = full_jitter_spec();
  spec.max_wait = 30 * kMicrosPerSecond;
  RetryPlanner planner(spec, make_retry_policy(spec), epoch_unix());
  Prng rng(kSeed);
  RetryDecision d = planner.decide(unavailable_with_retry_after(30), 0, {1, 0}, rng);
  EXPECT_EQ(d.action, RetryDecision::Action::kRetry);
  EXPECT_GE(d.wait, 30 * kMicrosPerSecond);
  EXPECT_LE(d.wait, 45 * kMicrosPerSecond);
}

// --- client -----------------------------------------------------------------

TEST(Client, PoissonCountWithinBand) {
  ClientWorld w;
  w.scenario.duration = 1000 * kMicrosPerSecond;
  w.spec().rate = *parse_rate("2/s");
  w.spec().fixed_arrivals = false;
  w.run();
  // Expected 2000 operations; the standard deviation is about 45.
  auto sent = events_of<ev::RequestSent>(w.history);
  EXPECT_GE(sent.size(), 1800u);
  EXPECT_LE(sent.size(), 2200u);
}

TEST(Client, SameSeedSameHistory) {
  auto run_once = [] {
    ClientWorld w;
    w.scenario.duration = 100 * kMicrosPerSecond;
    w.spec().count = 3;
    w.spec().rate = *parse_rate("1/s");
    w.spec().fixed_arrivals = false;
    w.spec().writes = 0.5;
    w.run();
    std::vector<std::tuple<Micros, std::uint64_t, std::string, bool>> sends;
    for (const auto& [t, e] : events_of<ev::RequestSent>(w.history)) {
      sends.emplace_back(t, e.request_id, std::string(w.history.str(e.endpoint)), e.write);
    }
    return std::make_pair(w.history.size(), sends);
  };
  auto first = run_once();
  auto second = run_once();
  EXPECT_GT(first.second.size(), 200u);
  EXPECT_EQ(first.first, second.first);
  EXPECT_EQ(first.second, second.second);
}

TEST(Client, OtherSeedOtherHistory) {
  auto send_times = [](std::uint64_t seed) {
    ClientWorld w(seed);
    w.spec().rate = *parse_rate("1/s");
    w.spec().fixed_arrivals = false;
    w.run();
    std::vector<Micros> times;
    for (const auto& [t, e] : events_of<ev::RequestSent>(w.history)) times.push_back(t);
    return times;
  };
  EXPECT_NE(send_times(1), send_times(2));
}

TEST(Client, FixedArrivalsExactlySpaced) {
  ClientWorld w;
  w.spec().rate = *parse_rate("1/s");
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  ASSERT_EQ(sent.size(), 60u);
  EXPECT_GE(sent[0].first, 0);
  EXPECT_LT(sent[0].first, kMicrosPerSecond);
  for (std::size_t i = 1; i < sent.size(); ++i) EXPECT_EQ(sent[i].first - sent[i - 1].first, kMicrosPerSecond);
}

TEST(Client, NoArrivalAtOrAfterDuration) {
  ClientWorld w;
  w.spec().rate = *parse_rate("10/s");
  w.spec().fixed_arrivals = false;
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  ASSERT_FALSE(sent.empty());
  EXPECT_LT(sent.back().first, w.scenario.duration);
}

TEST(Client, NoneGivesUpAfterOne503) {
  ClientWorld w;
  w.spec().retry.policy = "none";
  w.transport.fallback = response_with(503, {{"Retry-After", "5"}});
  w.run();
  auto given_up = events_of<ev::OperationGivenUp>(w.history);
  EXPECT_EQ(w.transport.requests.size(), 1u);
  ASSERT_EQ(given_up.size(), 1u);
  EXPECT_EQ(w.history.str(given_up[0].second.reason), "no_retry");
  EXPECT_EQ(given_up[0].second.attempts, 1u);
}

TEST(Client, FullJitterWithinBounds) {
  ClientWorld w;
  w.scenario.duration = 600 * kMicrosPerSecond;
  w.spec().count = 5;
  w.spec().retry.policy = "full_jitter";
  w.spec().retry.base = 100 * kMicrosPerMilli;
  w.spec().retry.cap = kMicrosPerSecond;
  w.spec().retry.max_attempts = 8;
  w.spec().retry.respect_retry_after = false;
  w.transport.fallback = response_with(503, {{"Retry-After", "120"}});
  w.run();

  // Receive time of each (operation, attempt), then the delay to its next send.
  auto sent = events_of<ev::RequestSent>(w.history);
  std::map<std::uint64_t, std::uint32_t> attempt_of_request;
  for (const auto& [t, e] : sent) attempt_of_request[e.request_id] = e.attempt;
  std::map<std::pair<std::uint64_t, std::uint32_t>, Micros> received;
  for (const auto& [t, e] : events_of<ev::ResponseReceived>(w.history)) {
    received[{e.op_id, attempt_of_request.at(e.request_id)}] = t;
  }

  std::size_t retries = 0;
  for (const auto& [t, e] : sent) {
    if (e.attempt == 1) continue;
    ++retries;
    Micros delay = t - received.at({e.op_id, e.attempt - 1});
    std::uint32_t previous_sends = e.attempt - 1;
    Micros bound = std::min<Micros>(kMicrosPerSecond, (100 * kMicrosPerMilli) << (previous_sends - 1));
    EXPECT_GE(delay, 0) << "attempt " << e.attempt;
    EXPECT_LE(delay, bound) << "attempt " << e.attempt;
  }
  EXPECT_EQ(retries, 5u * 10u * 7u);  // 5 clients, 10 operations each, 7 retries each
}

TEST(Client, RetryAfterWaitWithinBand) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.transport.script = {response_with(503, {{"Retry-After", "30"}})};
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  auto received = events_of<ev::ResponseReceived>(w.history);
  ASSERT_EQ(sent.size(), 2u);
  Micros receive = received[0].first;
  EXPECT_GE(sent[1].first, receive + 30 * kMicrosPerSecond);
  EXPECT_LE(sent[1].first, receive + 45 * kMicrosPerSecond);
}

TEST(Client, HttpDateMeasuredAgainstDate) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  // The server's clock is an hour ahead of the client's; only Date makes
  // the 60 s delay come out right.
  std::int64_t server_now = epoch_unix() + 3600;
  w.transport.script = {response_with(503, {{"Date", format_imf_fixdate(server_now)},
                                            {"Retry-After", format_imf_fixdate(server_now + 60)}})};
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  auto received = events_of<ev::ResponseReceived>(w.history);
  ASSERT_EQ(sent.size(), 2u);
  Micros receive = received[0].first;
  EXPECT_GE(sent[1].first, receive + 60 * kMicrosPerSecond);
  EXPECT_LE(sent[1].first, receive + 90 * kMicrosPerSecond);
}

TEST(Client, HttpDateWithoutDateUsesReceipt) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.transport.script = {response_with(503, {{"Retry-After", format_imf_fixdate(epoch_unix() + 100)}})};
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  auto received = events_of<ev::ResponseReceived>(w.history);
  ASSERT_EQ(sent.size(), 2u);
  Micros wait = 100 * kMicrosPerSecond - received[0].first;
  EXPECT_GE(sent[1].first, 100 * kMicrosPerSecond);
  EXPECT_LE(sent[1].first, received[0].first + wait + wait / 2);
}

TEST(Client, MaxWaitGivesUpAtOnce) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.spec().retry.max_wait = 10 * kMicrosPerSecond;
  w.transport.fallback = response_with(503, {{"Retry-After", "30"}});
  w.run();
  auto received = events_of<ev::ResponseReceived>(w.history);
  auto given_up = events_of<ev::OperationGivenUp>(w.history);
  EXPECT_EQ(w.transport.requests.size(), 1u);
  ASSERT_EQ(given_up.size(), 1u);
  EXPECT_EQ(w.history.str(given_up[0].second.reason), "max_wait");
  EXPECT_EQ(given_up[0].first, received[0].first);
}

TEST(Client, MaxAttemptsThenGivesUp) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.spec().retry.max_attempts = 3;
  w.transport.fallback = response_with(503);
  w.run();
  auto given_up = events_of<ev::OperationGivenUp>(w.history);
  EXPECT_EQ(w.transport.requests.size(), 3u);
  ASSERT_EQ(given_up.size(), 1u);
  EXPECT_EQ(w.history.str(given_up[0].second.reason), "max_attempts");
  EXPECT_EQ(given_up[0].second.attempts, 3u);
}

// The delay from each response to the next send of the same operation, in
// send order. REQUIRES: one operation at a time per client.
std::vector<Micros> retry_delays(const History& h) {
  auto sent = events_of<ev::RequestSent>(h);
  auto received = events_of<ev::ResponseReceived>(h);
  std::vector<Micros> delays;
  for (const auto& [t, e] : sent) {
    if (e.attempt == 1) continue;
    auto previous = std::find_if(received.rbegin(), received.rend(), [&](const auto& r) {
      return r.second.op_id == e.op_id && r.first <= t;
    });
    if (previous != received.rend()) delays.push_back(t - previous->first);
  }
  return delays;
}

TEST(Client, ExponentialDelaysExact) {
  ClientWorld w;
  w.spec().retry.policy = "exponential";
  w.spec().retry.base = kMicrosPerSecond;
  w.spec().retry.cap = 10 * kMicrosPerSecond;
  w.spec().retry.max_attempts = 5;
  w.transport.fallback = response_with(503);
  w.run();
  std::vector<Micros> expected = {1 * kMicrosPerSecond, 2 * kMicrosPerSecond, 4 * kMicrosPerSecond,
                                  8 * kMicrosPerSecond};
  EXPECT_EQ(retry_delays(w.history), expected);
}

TEST(Client, FixedDelaysExact) {
  ClientWorld w;
  w.spec().retry.policy = "fixed";
  w.spec().retry.base = 3 * kMicrosPerSecond;
  w.spec().retry.max_attempts = 4;
  w.transport.fallback = response_with(503);
  w.run();
  std::vector<Micros> expected(3, 3 * kMicrosPerSecond);
  EXPECT_EQ(retry_delays(w.history), expected);
}

TEST(Client, DecorrelatedWithinBaseAndCap) {
  ClientWorld w;
  w.scenario.duration = 600 * kMicrosPerSecond;
  w.spec().count = 5;
  w.spec().retry.policy = "decorrelated_jitter";
  w.spec().retry.base = 100 * kMicrosPerMilli;
  w.spec().retry.cap = kMicrosPerSecond;
  w.spec().retry.max_attempts = 8;
  w.transport.fallback = response_with(503);
  w.run();
  std::vector<Micros> delays = retry_delays(w.history);
  EXPECT_EQ(delays.size(), 5u * 10u * 7u);
  for (Micros d : delays) {
    EXPECT_GE(d, 100 * kMicrosPerMilli);
    EXPECT_LE(d, kMicrosPerSecond);
  }
}

TEST(Client, BudgetSharedAcrossOperations) {
  ClientWorld w;
  w.scenario.duration = 120 * kMicrosPerSecond;  // two operations
  w.spec().retry.policy = "full_jitter";
  w.spec().retry.max_attempts = 10;
  RetryBudgetSpec budget;
  budget.tokens = 4;
  budget.ratio_thousandths = 100;
  w.spec().retry.budget = budget;
  w.transport.fallback = response_with(503);
  w.run();

  // 4 tokens: the second failure leaves 2, half the bucket, so the first
  // operation stops after 2 sends and the second after 1.
  auto given_up = events_of<ev::OperationGivenUp>(w.history);
  ASSERT_EQ(given_up.size(), 2u);
  EXPECT_EQ(w.history.str(given_up[0].second.reason), "budget");
  EXPECT_EQ(given_up[0].second.attempts, 2u);
  EXPECT_EQ(w.history.str(given_up[1].second.reason), "budget");
  EXPECT_EQ(given_up[1].second.attempts, 1u);
}

TEST(Client, BudgetPerClient) {
  ClientWorld w;
  w.spec().count = 3;
  w.spec().retry.policy = "full_jitter";
  w.spec().retry.max_attempts = 10;
  RetryBudgetSpec budget;
  budget.tokens = 4;
  budget.ratio_thousandths = 100;
  w.spec().retry.budget = budget;
  w.transport.fallback = response_with(503);
  w.run();

  // One operation each: every client spends its own bucket.
  auto given_up = events_of<ev::OperationGivenUp>(w.history);
  ASSERT_EQ(given_up.size(), 3u);
  for (const auto& [t, e] : given_up) EXPECT_EQ(e.attempts, 2u);
}

TEST(Client, IgnoresRetryAfterOn503) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.scenario.deployment.defects = {"client_ignores_retry_after"};
  w.transport.script = {response_with(503, {{"Retry-After", "30"}})};
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  auto received = events_of<ev::ResponseReceived>(w.history);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_LE(sent[1].first, received[0].first + 250 * kMicrosPerMilli);
}

TEST(Client, IgnoresRetryAfterOn423) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.scenario.deployment.defects = {"client_ignores_retry_after"};
  w.transport.script = {response_with(423, {{"Retry-After", "30"}})};
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  auto received = events_of<ev::ResponseReceived>(w.history);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_LE(sent[1].first, received[0].first + 250 * kMicrosPerMilli);
}

TEST(Client, IgnoresRetryAfterStillWaitsOn429) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.scenario.deployment.defects = {"client_ignores_retry_after"};
  w.transport.script = {response_with(429, {{"Retry-After", "30"}})};
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  auto received = events_of<ev::ResponseReceived>(w.history);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GE(sent[1].first, received[0].first + 30 * kMicrosPerSecond);
  EXPECT_LE(sent[1].first, received[0].first + 45 * kMicrosPerSecond);
}

TEST(Client, NoJitterReturnsExactlyAtRetryAfter) {
  ClientWorld w;
  w.spec().count = 20;
  w.spec().retry.policy = "full_jitter";
  w.spec().retry.max_attempts = 3;
  w.scenario.deployment.defects = {"client_no_jitter"};
  w.transport.fallback = response_with(423, {{"Retry-After", "30"}});
  w.run();

  std::vector<Micros> delays = retry_delays(w.history);
  ASSERT_EQ(delays.size(), 20u * 2u);
  for (Micros d : delays) EXPECT_EQ(d, 30 * kMicrosPerSecond);
}

TEST(Client, UnboundedRetriesUntilRunEnds) {
  ClientWorld w;
  w.spec().retry.policy = "fixed";
  w.spec().retry.base = 500 * kMicrosPerMilli;
  w.spec().retry.max_attempts = 3;
  w.scenario.deployment.defects = {"client_unbounded_retries"};
  w.transport.fallback = response_with(503, {{"Retry-After", "1"}});
  w.run_until(200 * kMicrosPerSecond);

  // One operation, started before 60 s, retried every 1 to 1.5 s.
  auto sent = events_of<ev::RequestSent>(w.history);
  EXPECT_GT(sent.size(), 90u);
  EXPECT_EQ(sent.back().second.op_id, sent.front().second.op_id);
  for (Micros d : retry_delays(w.history)) {
    EXPECT_GE(d, kMicrosPerSecond);
    EXPECT_LE(d, 1500 * kMicrosPerMilli);
  }
  EXPECT_TRUE(events_of<ev::OperationGivenUp>(w.history).empty());
}

TEST(Client, ExceedsMaxWaitKeepsWaiting) {
  ClientWorld w;
  w.scenario.duration = 60 * kMicrosPerSecond;
  w.spec().retry.policy = "full_jitter";
  w.spec().retry.max_wait = 10 * kMicrosPerSecond;
  w.scenario.deployment.defects = {"client_exceeds_max_wait"};
  w.transport.script = {response_with(503, {{"Retry-After", "30"}})};
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  auto received = events_of<ev::ResponseReceived>(w.history);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GE(sent[1].first, received[0].first + 30 * kMicrosPerSecond);
  EXPECT_TRUE(events_of<ev::OperationGivenUp>(w.history).empty());
}

TEST(Client, OtherDefectsLeaveClientAlone) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.scenario.deployment.defects = {"retry_after_missing", "service_layer_unguarded"};
  w.transport.script = {response_with(503, {{"Retry-After", "30"}})};
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  auto received = events_of<ev::ResponseReceived>(w.history);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GE(sent[1].first, received[0].first + 30 * kMicrosPerSecond);
}

TEST(Client, TransportFailureRetried) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  HttpResponse lost;
  lost.transport_error = "timeout";
  w.transport.script = {lost};
  w.run();
  EXPECT_EQ(w.transport.requests.size(), 2u);
}

TEST(Client, OkEndsOperation) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.run();
  EXPECT_EQ(w.transport.requests.size(), 1u);
  EXPECT_TRUE(events_of<ev::OperationGivenUp>(w.history).empty());
}

TEST(Client, NotRetryableStatusEndsOperation) {
  ClientWorld w;
  w.spec().retry.policy = "full_jitter";
  w.transport.fallback = response_with(409);
  w.run();
  EXPECT_EQ(w.transport.requests.size(), 1u);
  EXPECT_TRUE(events_of<ev::OperationGivenUp>(w.history).empty());
}

TEST(Client, IdempotencyKeyPerOperation) {
  ClientWorld w;
  w.scenario.duration = 120 * kMicrosPerSecond;  // two operations
  w.spec().retry.policy = "full_jitter";
  w.transport.script = {response_with(503), response_with(200), response_with(503), response_with(200)};
  w.run();
  const auto& requests = w.transport.requests;
  ASSERT_EQ(requests.size(), 4u);
  ASSERT_TRUE(idempotency_key(requests[0]).has_value());
  EXPECT_EQ(idempotency_key(requests[0]), idempotency_key(requests[1]));
  EXPECT_EQ(idempotency_key(requests[2]), idempotency_key(requests[3]));
  EXPECT_NE(idempotency_key(requests[0]), idempotency_key(requests[2]));
  EXPECT_EQ(requests[0].body, requests[1].body);
}

TEST(Client, IdempotencyKeyRecorded) {
  ClientWorld w;
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(w.history.str(sent[0].second.idempotency_key), "web#0-1");
  EXPECT_EQ(idempotency_key(w.transport.requests[0]), "web#0-1");
}

TEST(Client, ReadsCarryNoIdempotencyKey) {
  ClientWorld w;
  w.spec().writes = 0.0;
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_FALSE(sent[0].second.write);
  EXPECT_EQ(sent[0].second.idempotency_key, kNoStr);
  EXPECT_FALSE(idempotency_key(w.transport.requests[0]).has_value());
}

TEST(Client, RequestFieldsFromEndpoint) {
  ClientWorld w;
  w.run();
  ASSERT_EQ(w.transport.requests.size(), 1u);
  const HttpRequest& r = w.transport.requests[0];
  auto sent = events_of<ev::RequestSent>(w.history);
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.path.rfind("/kv/kv-", 0), 0u);
  EXPECT_EQ(r.endpoint, "put_kv");
  EXPECT_EQ(r.origin, "web#0");
  EXPECT_EQ(w.history.str(sent[0].second.mutation), "put");
  EXPECT_EQ(sent[0].second.attempt, 1u);
  EXPECT_FALSE(sent[0].second.replay);
}

TEST(Client, FallsBackToOtherKind) {
  ClientWorld w;
  w.scenario.deployment.endpoints = {endpoint("search", "POST", "/search", false)};
  w.run();
  auto sent = events_of<ev::RequestSent>(w.history);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(w.history.str(sent[0].second.endpoint), "search");
  EXPECT_FALSE(sent[0].second.write);
}

TEST(Client, NamedEndpointsOnly) {
  ClientWorld w;
  w.scenario.deployment.endpoints.push_back(endpoint("delete_kv", "DELETE", "/kv/{key}", true));
  w.spec().endpoints = {"delete_kv"};
  w.spec().count = 10;
  w.run();
  for (const HttpRequest& r : w.transport.requests) EXPECT_EQ(r.endpoint, "delete_kv");
}

TEST(Client, UnknownEndpointRejected) {
  ClientWorld w;
  w.spec().endpoints = {"nope"};
  EXPECT_THROW(make_clients(w.spec(), w.runtime, w.transport, w.scenario), InputError);
}

TEST(Client, UnknownPolicyRejected) {
  ClientWorld w;
  w.spec().retry.policy = "sometimes";
  EXPECT_THROW(make_clients(w.spec(), w.runtime, w.transport, w.scenario), InputError);
}

TEST(Client, NamesAndIdsUnique) {
  ClientWorld w;
  w.spec().count = 3;
  w.spec().rate = *parse_rate("1/s");
  w.run();
  ASSERT_EQ(w.clients.size(), 3u);
  EXPECT_EQ(w.clients[0]->name(), "web#0");
  EXPECT_EQ(w.clients[2]->name(), "web#2");

  std::set<std::uint64_t> request_ids;
  std::set<std::uint64_t> op_ids;
  auto sent = events_of<ev::RequestSent>(w.history);
  for (const auto& [t, e] : sent) {
    request_ids.insert(e.request_id);
    op_ids.insert(e.op_id);
  }
  EXPECT_EQ(request_ids.size(), sent.size());
  EXPECT_EQ(op_ids.size(), sent.size());
  EXPECT_EQ(op_ids.count(0), 0u);
}

TEST(Client, FillPathReplacesPlaceholders) {
  EXPECT_EQ(fill_path("/kv/{key}", "kv-3"), "/kv/kv-3");
  EXPECT_EQ(fill_path("/t/{table}/rows/{id}", "kv-3"), "/t/kv-3/rows/kv-3");
  EXPECT_EQ(fill_path("/search", "kv-3"), "/search");
  EXPECT_EQ(fill_path("/bad/{key", "kv-3"), "/bad/{key");
}

// --- registry ---------------------------------------------------------------

TEST(Registry, FindsBuiltInKinds) {
  ASSERT_NE(find_surface_kind("client"), nullptr);
  ASSERT_NE(find_surface_kind("kv_writer"), nullptr);
  EXPECT_EQ(find_surface_kind("client")->kind, "client");
  EXPECT_FALSE(find_surface_kind("client")->summary.empty());
  EXPECT_EQ(find_surface_kind("nope"), nullptr);
}

}  // namespace
}  // namespace freezedrill
