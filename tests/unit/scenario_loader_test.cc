#include "sim/scenario/loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "sim/core/error.h"

namespace freezedrill {
namespace {

// A check that only declares options: the loader reads nothing else.
class OptionsOnlyCheck : public Check {
 public:
  OptionsOnlyCheck(std::string name, std::vector<OptionSpec> options)
      : name_(std::move(name)), options_(std::move(options)) {}

  std::string_view name() const override { return name_; }
  std::string_view summary() const override { return "test check"; }
  std::string_view remedy() const override { return "none"; }
  std::vector<OptionSpec> options() const override { return options_; }
  CheckResult run(const History&, const CheckOptions&) const override { return CheckResult{}; }

 private:
  std::string name_;
  std::vector<OptionSpec> options_;
};

const CheckRegistry& test_checks() {
  static const CheckRegistry registry = [] {
    using Type = OptionSpec::Type;
    CheckRegistry r;
    r.add(std::make_unique<OptionsOnlyCheck>(
        "no_write_leak", std::vector<OptionSpec>{{"fence_grace", Type::kDuration, "0s", "grace after S", false}}));
    r.add(std::make_unique<OptionsOnlyCheck>(
        "write_status", std::vector<OptionSpec>{{"reenable_within", Type::kDuration, "5s", "re-enable bound", false}}));
    r.add(std::make_unique<OptionsOnlyCheck>(
        "reads_healthy", std::vector<OptionSpec>{{"error_budget", Type::kNumber, 1000, "ppm", true},
                                                 {"min_samples", Type::kInteger, 100, "samples", false}}));
    return r;
  }();
  return registry;
}

const DefectCatalogue& test_defects() {
  static const DefectCatalogue catalogue = [] {
    DefectCatalogue c;
    c.add(DefectEntry{"retry_after_missing", "malformed Retry-After", "no Retry-After", {}, {"write_status"},
                      "refusals lack the field", "scenarios/defect-retry-after-missing.json"});
    c.add(DefectEntry{"writer_unfenced", "unfenced background writer", "kv_writer skips the guard", {"kv_writer"},
                      {"no_write_leak"}, "puts reach storage", "scenarios/defect-writer-unfenced.json"});
    return c;
  }();
  return catalogue;
}

ScenarioContext context() { return ScenarioContext{test_checks(), test_defects()}; }

// Only required keys: everything else takes its default.
const char* const kMinimal = R"({
  "version": 1,
  "scenario": "kv-defaults",
  "service": "kv-api",
  "epoch": "2026-03-01T02:00:00Z",
  "duration": "6m",
  "window": { "start": "60s", "end": "4m" },
  "deployment": {},
  "surfaces": [ { "kind": "client", "name": "web", "rate": "1/s" } ]
})";

// Every section set, with comments of both kinds.
const char* const kFull = R"(// A complete scenario.
{
  "version": 1,
  "scenario": "kv-full",
  "service": "kv-api",
  "description": "Writes freeze for three minutes.",
  "seed": 7,
  "epoch": "2026-03-01T02:00:00Z",  // t = 0
  "duration": "6m",
  /* whole seconds */
  "window": { "start": "60s", "end": "4m", "mode": "maintenance", "retry_after": "120s",
              "retry_after_form": "date", "announce_lead": "30s", "soak": "30s" },
  "deployment": { "kind": "reference", "instances": 3, "flag_propagation": "200ms",
                  "capacity": "400/s", "latency": "5ms", "error_code": { "header": "Error-Code" },
                  "code": "frozen", "queue": { "ack": "202" }, "defects": [],
                  "endpoints": [
                    { "name": "put_kv", "method": "PUT", "path": "/kv/{key}", "write": true,
                      "mutation": "put", "critical": true },
                    { "name": "get_kv", "method": "GET", "path": "/kv/{key}", "write": false } ] },
  "surfaces": [
    { "kind": "client", "name": "web", "count": 20, "rate": "30/m", "arrivals": "fixed", "writes": 0.25,
      "endpoints": ["put_kv", "get_kv"], "keys": 50,
      "retry": { "policy": "full_jitter", "base": "500ms", "cap": "20s", "max_attempts": 4,
                 "respect_retry_after": false, "max_wait": "30s" } },
    { "kind": "kv_writer", "name": "session-gc", "rate": "2/s", "instance": 2, "keys": 10 }
  ],
  "faults": [ { "kind": "flag_late", "instance": 2, "delay": "3s" },
              { "kind": "flag_cleared", "at": "2m" } ],
  "expect": { "allow_inconclusive": true,
              "no_write_leak": { "fence_grace": "1000ms" },
              "reads_healthy": { "error_budget": null, "min_samples": 50, "allow_inconclusive": true } },
  "expect_failure": ["write_status", "no_write_leak"]
})";

nlohmann::json minimal() { return nlohmann::json::parse(kMinimal); }
nlohmann::json full() { return nlohmann::json::parse(kFull, nullptr, true, true); }

Scenario load(const std::string& text) { return load_scenario_text(text, "test.json", context()); }

// The InputError that loading `text` throws.
InputError error_of(const std::string& text) {
  try {
    load_scenario_text(text, "bad.json", context());
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "the scenario loaded, but an InputError was expected";
  return InputError({}, "", "", "");
}

InputError error_of(const nlohmann::json& scenario) { return error_of(scenario.dump()); }

testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

// A scenario with a defect that needs a kv_writer, and the writer.
nlohmann::json with_unfenced_writer() {
  nlohmann::json s = minimal();
  s["deployment"]["defects"] = {"writer_unfenced"};
  s["surfaces"].push_back({{"kind", "kv_writer"}, {"name", "gc"}, {"rate", "1/s"}});
  s["expect_failure"] = {"no_write_leak"};
  return s;
}

// --- valid scenarios ---------------------------------------------------------

TEST(ScenarioLoader, MinimalResolvesTopLevelDefaults) {
  Scenario s = load(kMinimal);
  EXPECT_EQ(s.name, "kv-defaults");
  EXPECT_EQ(s.source, "test.json");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.epoch_unix, 1772330400);
  EXPECT_EQ(s.duration, 6 * kMicrosPerMinute);
  EXPECT_TRUE(s.faults.empty());
  EXPECT_TRUE(s.expect_failure.empty());
  EXPECT_FALSE(s.allow_inconclusive);
}

TEST(ScenarioLoader, MinimalResolvesWindowDefaults) {
  Scenario s = load(kMinimal);
  EXPECT_EQ(s.window.start, 60 * kMicrosPerSecond);
  EXPECT_EQ(s.window.end, 4 * kMicrosPerMinute);
  EXPECT_EQ(s.window.mode, "read_only");
  EXPECT_EQ(s.window.retry_after.kind, RetryAfterPolicy::Kind::kUntilEnd);
  EXPECT_FALSE(s.window.retry_after.declared);
  EXPECT_EQ(s.window.retry_after.form, RetryAfterPolicy::Form::kSeconds);
  EXPECT_EQ(s.window.announce_lead, 0);
  EXPECT_EQ(s.window.soak, 0);
}

TEST(ScenarioLoader, MinimalResolvesDeploymentDefaults) {
  Scenario s = load(kMinimal);
  EXPECT_EQ(s.deployment.kind, "reference");
  EXPECT_EQ(s.deployment.instances, 1);
  EXPECT_EQ(s.deployment.flag_propagation, 0);
  EXPECT_TRUE(s.deployment.capacity.is_zero());
  EXPECT_EQ(s.deployment.latency, 2 * kMicrosPerMilli);
  EXPECT_EQ(s.deployment.error_code.pointer, "/code");
  EXPECT_EQ(s.deployment.error_code.header, "");
  EXPECT_EQ(s.deployment.code, "read_only");
  EXPECT_EQ(s.deployment.queue_ack, "refuse");
  EXPECT_TRUE(s.deployment.defects.empty());
}

TEST(ScenarioLoader, MinimalGetsDefaultEndpointCatalogue) {
  Scenario s = load(kMinimal);
  const std::vector<EndpointSpec>& e = s.deployment.endpoints;
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[0].name, "get_kv");
  EXPECT_FALSE(e[0].write);
  EXPECT_EQ(e[1].name, "put_kv");
  EXPECT_EQ(e[1].method, "PUT");
  EXPECT_EQ(e[1].path, "/kv/{key}");
  EXPECT_EQ(e[1].mutation, "put");
  EXPECT_TRUE(e[1].critical);
  EXPECT_EQ(e[2].name, "delete_kv");
  EXPECT_FALSE(e[2].critical);
  EXPECT_EQ(e[3].name, "search");
  EXPECT_EQ(e[3].method, "POST");
  EXPECT_EQ(e[4].name, "upsert_vectors");
  EXPECT_EQ(e[4].mutation, "upsert");
}

TEST(ScenarioLoader, MinimalResolvesClientDefaults) {
  Scenario s = load(kMinimal);
  ASSERT_EQ(s.surfaces.size(), 1u);
  const SurfaceSpec& web = s.surfaces[0];
  EXPECT_EQ(web.kind, "client");
  EXPECT_EQ(web.pointer, "/surfaces/0");
  EXPECT_EQ(web.count, 1);
  EXPECT_EQ(web.rate.mean_interval(), kMicrosPerSecond);
  EXPECT_FALSE(web.fixed_arrivals);
  EXPECT_EQ(web.writes, 0.0);
  EXPECT_TRUE(web.endpoints.empty());
  EXPECT_EQ(web.keys, 100);
  EXPECT_EQ(web.retry.policy, "none");
  EXPECT_EQ(web.retry.base, 250 * kMicrosPerMilli);
  EXPECT_EQ(web.retry.cap, 10 * kMicrosPerSecond);
  EXPECT_EQ(web.retry.max_attempts, 6);
  EXPECT_TRUE(web.retry.respect_retry_after);
  EXPECT_FALSE(web.retry.max_wait.has_value());
}

TEST(ScenarioLoader, NormalisedHoldsEveryDefault) {
  Scenario s = load(kMinimal);
  const nlohmann::json& n = s.normalised;
  EXPECT_EQ(n["seed"], 1);
  EXPECT_EQ(n["description"], "");
  EXPECT_EQ(n["window"]["retry_after"], nullptr);
  EXPECT_EQ(n["window"]["mode"], "read_only");
  EXPECT_EQ(n["window"]["soak"], "0s");
  EXPECT_EQ(n["deployment"]["capacity"], nullptr);
  EXPECT_EQ(n["deployment"]["latency"], "2ms");
  EXPECT_EQ(n["deployment"]["error_code"], nlohmann::json({{"pointer", "/code"}}));
  EXPECT_EQ(n["deployment"]["endpoints"].size(), 5u);
  EXPECT_EQ(n["surfaces"][0]["retry"]["cap"], "10s");
  EXPECT_EQ(n["surfaces"][0]["rate"], "1/s");
  EXPECT_EQ(n["faults"], nlohmann::json::array());
  EXPECT_EQ(n["expect"], nlohmann::json({{"allow_inconclusive", false}}));
}

TEST(ScenarioLoader, NormalisedLoadsToTheSameHash) {
  Scenario first = load(kFull);
  Scenario again = load(first.normalised.dump());
  EXPECT_EQ(again.hash, first.hash);
}

TEST(ScenarioLoader, NormalisedMinimalLoadsToTheSameHash) {
  Scenario first = load(kMinimal);
  Scenario again = load(first.normalised.dump());
  EXPECT_EQ(again.hash, first.hash);
}

TEST(ScenarioLoader, FullReadsWindowAndDeployment) {
  Scenario s = load(kFull);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.window.mode, "maintenance");
  EXPECT_EQ(s.window.retry_after.kind, RetryAfterPolicy::Kind::kFixed);
  EXPECT_EQ(s.window.retry_after.value, 120 * kMicrosPerSecond);
  EXPECT_TRUE(s.window.retry_after.declared);
  EXPECT_EQ(s.window.retry_after.form, RetryAfterPolicy::Form::kDate);
  EXPECT_EQ(s.window.announce_lead, 30 * kMicrosPerSecond);
  EXPECT_EQ(s.deployment.instances, 3);
  EXPECT_EQ(s.deployment.capacity.mean_interval(), 2500);
  EXPECT_EQ(s.deployment.error_code.header, "Error-Code");
  EXPECT_EQ(s.deployment.error_code.pointer, "");
  EXPECT_EQ(s.deployment.queue_ack, "202");
  EXPECT_EQ(s.deployment.endpoints.size(), 2u);
}

TEST(ScenarioLoader, FullReadsSurfaces) {
  Scenario s = load(kFull);
  ASSERT_EQ(s.surfaces.size(), 2u);
  const SurfaceSpec& web = s.surfaces[0];
  EXPECT_EQ(web.count, 20);
  EXPECT_EQ(web.config["rate"], "0.5/s");
  EXPECT_TRUE(web.fixed_arrivals);
  EXPECT_EQ(web.writes, 0.25);
  EXPECT_EQ(web.endpoints, (std::vector<std::string>{"put_kv", "get_kv"}));
  EXPECT_EQ(web.retry.policy, "full_jitter");
  EXPECT_EQ(web.retry.max_attempts, 4);
  EXPECT_FALSE(web.retry.respect_retry_after);
  EXPECT_EQ(web.retry.max_wait, 30 * kMicrosPerSecond);
  const SurfaceSpec& gc = s.surfaces[1];
  EXPECT_EQ(gc.kind, "kv_writer");
  EXPECT_EQ(gc.pointer, "/surfaces/1");
  EXPECT_EQ(gc.instance, 2);
  EXPECT_EQ(gc.keys, 10);
  EXPECT_EQ(gc.config["name"], "session-gc");
}

TEST(ScenarioLoader, FullReadsFaults) {
  Scenario s = load(kFull);
  ASSERT_EQ(s.faults.size(), 2u);
  EXPECT_EQ(s.faults[0].kind, "flag_late");
  EXPECT_EQ(s.faults[0].instance, 2);
  EXPECT_EQ(s.faults[0].delay, 3 * kMicrosPerSecond);
  EXPECT_EQ(s.faults[0].at, 60 * kMicrosPerSecond);
  EXPECT_EQ(s.faults[0].pointer, "/faults/0");
  EXPECT_EQ(s.faults[1].kind, "flag_cleared");
  EXPECT_EQ(s.faults[1].at, 2 * kMicrosPerMinute);
}

TEST(ScenarioLoader, FullReadsExpectations) {
  Scenario s = load(kFull);
  EXPECT_TRUE(s.allow_inconclusive);
  EXPECT_EQ(s.expect["no_write_leak"]["fence_grace"], "1s");
  EXPECT_EQ(s.expect["reads_healthy"]["error_budget"], nullptr);
  EXPECT_EQ(s.expect["reads_healthy"]["min_samples"], 50);
  EXPECT_EQ(s.expect["reads_healthy"]["allow_inconclusive"], true);
  EXPECT_FALSE(s.expect.contains("allow_inconclusive"));
  EXPECT_EQ(s.expect_failure, (std::vector<std::string>{"no_write_leak", "write_status"}));
}

TEST(ScenarioLoader, CommentsAreAccepted) {
  std::string text = std::string("/* header */\n") + kMinimal + "\n// trailer\n";
  Scenario s = load(text);
  EXPECT_EQ(s.name, "kv-defaults");
}

TEST(ScenarioLoader, SameTextGivesSameHash) {
  Scenario a = load(kFull);
  Scenario b = load(kFull);
  EXPECT_EQ(a.hash.size(), 16u);
  EXPECT_EQ(a.hash, b.hash);
}

TEST(ScenarioLoader, ChangedFieldGivesOtherHash) {
  nlohmann::json changed = full();
  changed["seed"] = 8;
  EXPECT_NE(load(changed.dump()).hash, load(kFull).hash);
}

TEST(ScenarioLoader, SpellingOfDurationsDoesNotChangeHash) {
  nlohmann::json respelled = minimal();
  respelled["window"]["start"] = "1m";
  respelled["duration"] = "360s";
  EXPECT_EQ(load(respelled.dump()).hash, load(kMinimal).hash);
}

TEST(ScenarioLoader, DeclaredUntilEndChangesHash) {
  nlohmann::json declared = minimal();
  declared["window"]["retry_after"] = "until_end";
  Scenario s = load(declared.dump());
  EXPECT_TRUE(s.window.retry_after.declared);
  EXPECT_EQ(s.window.retry_after.kind, RetryAfterPolicy::Kind::kUntilEnd);
  EXPECT_NE(s.hash, load(kMinimal).hash);
}

TEST(ScenarioLoader, DefectsSetExpectedFailures) {
  Scenario s = load(with_unfenced_writer().dump());
  EXPECT_EQ(s.deployment.defects, (std::vector<std::string>{"writer_unfenced"}));
  EXPECT_EQ(s.expect_failure, (std::vector<std::string>{"no_write_leak"}));
}

TEST(ScenarioLoader, DocumentedExampleLoads) {
  std::string path = std::string(FREEZEDRILL_SOURCE_DIR) + "/tests/unit/data/scenarios/annotated.json";
  Scenario s = load_scenario_file(path, context());
  EXPECT_EQ(s.source, path);
  EXPECT_EQ(s.name, "kv-window-drill");
  EXPECT_EQ(s.surfaces.size(), 2u);
  EXPECT_EQ(s.deployment.endpoints.size(), 3u);
}

// --- malformed scenarios -----------------------------------------------------

TEST(ScenarioLoader, SyntaxErrorGivesLineAndColumn) {
  InputError e = error_of(std::string("// comment\n{\n  \"version\": 1,\n  \"scenario\": \"x\",\n}\n"));
  EXPECT_EQ(e.place().file, "bad.json");
  EXPECT_EQ(e.place().line, 5);
  EXPECT_EQ(e.place().column, 1);
  EXPECT_EQ(e.place().pointer, "");
  EXPECT_EQ(e.value(), "}");
  EXPECT_TRUE(Contains(e.fix(), "remove the comma"));
}

TEST(ScenarioLoader, SyntaxErrorMidLineGivesColumn) {
  InputError e = error_of(std::string("{\n  \"version\": 1,\n  \"seed\": seven\n}"));
  EXPECT_EQ(e.place().line, 3);
  EXPECT_EQ(e.place().column, 11);
  EXPECT_EQ(e.value(), "\"seed\": seven");
  EXPECT_TRUE(Contains(e.fix(), "double quotes"));
}

TEST(ScenarioLoader, NumberOverflowGivesLineAndColumn) {
  InputError e = error_of(std::string("{\n  \"version\": 1,\n  \"seed\": 1e400\n}"));
  EXPECT_EQ(e.place().line, 3);
  EXPECT_EQ(e.place().column, 11);
  EXPECT_EQ(e.value(), "1e400");
  EXPECT_TRUE(Contains(e.fix(), "range of a double"));
}

TEST(ScenarioLoader, HugeIntegerIsOutOfRange) {
  nlohmann::json s = minimal();
  s["seed"] = 1e23;
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/seed");
  EXPECT_EQ(e.problem(), "integer out of range");
  EXPECT_TRUE(Contains(e.fix(), "0 or more"));
}

TEST(ScenarioLoader, DuplicateKeyIsRejected) {
  std::string text = kMinimal;
  text.replace(text.find("\"deployment\""), 12, "\"window\": {}, \"deployment\"");
  InputError e = error_of(text);
  EXPECT_EQ(e.place().pointer, "/window");
  EXPECT_EQ(e.value(), "\"window\"");
  EXPECT_TRUE(Contains(e.fix(), "keep one entry"));
}

TEST(ScenarioLoader, UnknownKeySuggestsClosest) {
  nlohmann::json s = minimal();
  s["window"]["strat"] = "30s";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/strat");
  EXPECT_EQ(e.value(), "\"30s\"");
  EXPECT_TRUE(Contains(e.problem(), "unknown key \"strat\""));
  EXPECT_TRUE(Contains(e.fix(), "did you mean \"start\"?"));
  EXPECT_TRUE(Contains(e.fix(), "announce_lead"));
}

TEST(ScenarioLoader, UnknownKeyFarFromAllListsKeys) {
  nlohmann::json s = minimal();
  s["owner"] = "team";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/owner");
  EXPECT_FALSE(Contains(e.fix(), "did you mean"));
  EXPECT_TRUE(Contains(e.fix(), "expect_failure"));
}

TEST(ScenarioLoader, QuotedNumberIsNotCoerced) {
  nlohmann::json s = minimal();
  s["seed"] = "7";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/seed");
  EXPECT_EQ(e.value(), "\"7\"");
  EXPECT_TRUE(Contains(e.problem(), "expected an integer, got a string"));
  EXPECT_TRUE(Contains(e.fix(), "write 7"));
}

TEST(ScenarioLoader, NumberForDurationIsRejected) {
  nlohmann::json s = minimal();
  s["duration"] = 360;
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/duration");
  EXPECT_EQ(e.value(), "360");
  EXPECT_TRUE(Contains(e.fix(), "\"360s\""));
}

TEST(ScenarioLoader, NegativeDurationIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["soak"] = "-5s";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/soak");
  EXPECT_EQ(e.value(), "\"-5s\"");
  EXPECT_TRUE(Contains(e.problem(), "negative"));
  EXPECT_TRUE(Contains(e.fix(), "\"0s\" or more"));
}

TEST(ScenarioLoader, MalformedDurationIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["flag_propagation"] = "2 seconds";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/flag_propagation");
  EXPECT_EQ(e.value(), "\"2 seconds\"");
  EXPECT_TRUE(Contains(e.fix(), "\"250ms\""));
}

TEST(ScenarioLoader, FractionalWindowStartIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["start"] = "1500ms";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/start");
  EXPECT_TRUE(Contains(e.problem(), "whole number of seconds"));
  EXPECT_TRUE(Contains(e.fix(), "\"1s\" or \"2s\""));
}

TEST(ScenarioLoader, WindowEndBeforeStartIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["end"] = "30s";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/end");
  EXPECT_EQ(e.value(), "\"30s\"");
  EXPECT_TRUE(Contains(e.fix(), "later than \"1m\""));
}

TEST(ScenarioLoader, WindowOutsideRunNamesDuration) {
  nlohmann::json s = minimal();
  s["window"]["end"] = "7m";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/end");
  EXPECT_EQ(e.value(), "\"7m\"");
  EXPECT_TRUE(Contains(e.problem(), "duration 6m"));
  EXPECT_TRUE(Contains(e.fix(), "\"6m\" or earlier"));
}

TEST(ScenarioLoader, WindowStartAfterRunIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["start"] = "6m";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/start");
  EXPECT_TRUE(Contains(e.problem(), "duration 6m"));
}

TEST(ScenarioLoader, AnnounceLeadLongerThanStartIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["announce_lead"] = "2m";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/announce_lead");
  EXPECT_EQ(e.value(), "\"2m\"");
  EXPECT_TRUE(Contains(e.fix(), "\"1m\" or less"));
}

TEST(ScenarioLoader, SoakPastRunIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["soak"] = "3m";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/soak");
  EXPECT_TRUE(Contains(e.fix(), "\"2m\" or less"));
}

TEST(ScenarioLoader, ZeroRateIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["rate"] = "0/s";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/rate");
  EXPECT_EQ(e.value(), "\"0/s\"");
  EXPECT_TRUE(Contains(e.problem(), "rate is zero"));
  EXPECT_TRUE(Contains(e.fix(), "\"1/s\""));
}

TEST(ScenarioLoader, UnknownSurfaceKindListsKinds) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["kind"] = "clinet";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/kind");
  EXPECT_EQ(e.value(), "\"clinet\"");
  EXPECT_TRUE(Contains(e.fix(), "did you mean \"client\"?"));
  EXPECT_TRUE(Contains(e.fix(), "client, kv_writer"));
}

TEST(ScenarioLoader, MigrationSurfaceLoadsWithDefaults) {
  nlohmann::json s = minimal();
  s["surfaces"].push_back({{"kind", "migration"}, {"name", "schema-v2"}});
  Scenario loaded = load(s.dump());
  ASSERT_EQ(loaded.surfaces.size(), 2u);
  EXPECT_EQ(loaded.surfaces[1].stepped.steps, 100);
  EXPECT_EQ(loaded.normalised["surfaces"][1]["step"], "1s");
  EXPECT_EQ(loaded.normalised["surfaces"][1]["poll"], "1s");
}

TEST(ScenarioLoader, EveryRetryPolicyLoads) {
  for (const char* policy : {"none", "fixed", "exponential", "full_jitter", "equal_jitter", "decorrelated_jitter"}) {
    nlohmann::json s = minimal();
    s["surfaces"][0]["retry"] = {{"policy", policy}};
    Scenario loaded = load(s.dump());
    EXPECT_EQ(loaded.surfaces[0].retry.policy, policy);
    EXPECT_EQ(loaded.normalised["surfaces"][0]["retry"]["policy"], policy);
  }
}

TEST(ScenarioLoader, UnknownRetryPolicyListsPolicies) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"policy", "decorrelated"}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/policy");
  EXPECT_EQ(e.value(), "\"decorrelated\"");
  EXPECT_TRUE(Contains(e.fix(), "none, fixed, exponential, full_jitter, equal_jitter, decorrelated_jitter"));
}

TEST(ScenarioLoader, RetryBudgetIsRead) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 10}, {"ratio", 0.1}}}};
  Scenario loaded = load(s.dump());
  const std::optional<RetryBudgetSpec>& budget = loaded.surfaces[0].retry.budget;
  ASSERT_TRUE(budget.has_value());
  EXPECT_EQ(budget->tokens, 10);
  EXPECT_EQ(budget->ratio_thousandths, 100);
  EXPECT_EQ(loaded.normalised["surfaces"][0]["retry"]["budget"], nlohmann::json({{"tokens", 10}, {"ratio", 0.1}}));
}

TEST(ScenarioLoader, RetryBudgetDefaultsToNone) {
  Scenario s = load(kMinimal);
  EXPECT_FALSE(s.surfaces[0].retry.budget.has_value());
  EXPECT_EQ(s.normalised["surfaces"][0]["retry"]["budget"], nullptr);
}

TEST(ScenarioLoader, NullRetryBudgetKeepsHash) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", nullptr}};
  EXPECT_EQ(load(s.dump()).hash, load(kMinimal).hash);
}

TEST(ScenarioLoader, RetryBudgetChangesHash) {
  nlohmann::json one = minimal();
  one["surfaces"][0]["retry"] = {{"budget", {{"tokens", 10}, {"ratio", 0.1}}}};
  nlohmann::json other = minimal();
  other["surfaces"][0]["retry"] = {{"budget", {{"tokens", 10}, {"ratio", 0.2}}}};
  EXPECT_NE(load(one.dump()).hash, load(kMinimal).hash);
  EXPECT_NE(load(one.dump()).hash, load(other.dump()).hash);
}

TEST(ScenarioLoader, NormalisedBudgetLoadsToTheSameHash) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 3}, {"ratio", 0.125}}}};
  Scenario first = load(s.dump());
  Scenario again = load(first.normalised.dump());
  EXPECT_EQ(again.hash, first.hash);
  EXPECT_EQ(again.surfaces[0].retry.budget->ratio_thousandths, 125);
}

TEST(ScenarioLoader, RetryBudgetZeroTokensIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 0}, {"ratio", 0.1}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/budget/tokens");
  EXPECT_EQ(e.value(), "0");
  EXPECT_TRUE(Contains(e.fix(), "whole number from 1"));
}

TEST(ScenarioLoader, RetryBudgetFractionalTokensIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 2.5}, {"ratio", 0.1}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/budget/tokens");
}

TEST(ScenarioLoader, RetryBudgetZeroRatioIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 10}, {"ratio", 0}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/budget/ratio");
  EXPECT_TRUE(Contains(e.problem(), "above 0"));
  EXPECT_TRUE(Contains(e.fix(), "0.1"));
}

TEST(ScenarioLoader, RetryBudgetRatioAboveOneIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 10}, {"ratio", 1.5}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/budget/ratio");
  EXPECT_EQ(e.value(), "1.5");
  EXPECT_TRUE(Contains(e.problem(), "out of range"));
}

TEST(ScenarioLoader, RetryBudgetRatioOfOneIsAccepted) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 1}, {"ratio", 1}}}};
  EXPECT_EQ(load(s.dump()).surfaces[0].retry.budget->ratio_thousandths, 1000);
}

TEST(ScenarioLoader, RetryBudgetRatioFourDecimalsIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 10}, {"ratio", 0.1234}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/budget/ratio");
  EXPECT_TRUE(Contains(e.problem(), "more than three decimals"));
  EXPECT_TRUE(Contains(e.fix(), "0.123"));
}

TEST(ScenarioLoader, RetryBudgetTinyRatioSuggestsSmallest) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 10}, {"ratio", 0.0004}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/budget/ratio");
  EXPECT_TRUE(Contains(e.fix(), "0.001"));
}

TEST(ScenarioLoader, RetryBudgetMissingRatioIsNamed) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"tokens", 10}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/budget/ratio");
  EXPECT_TRUE(Contains(e.fix(), "\"ratio\": 0.1"));
}

TEST(ScenarioLoader, RetryBudgetUnknownKeySuggestsClosest) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", {{"token", 10}, {"ratio", 0.1}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/budget/token");
  EXPECT_TRUE(Contains(e.fix(), "did you mean \"tokens\"?"));
}

TEST(ScenarioLoader, RetryBudgetNotObjectIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"budget", 10}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/budget");
}

TEST(ScenarioLoader, RetryCapBelowBaseIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["retry"] = {{"base", "2s"}, {"cap", "1s"}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/retry/cap");
  EXPECT_TRUE(Contains(e.fix(), "\"2s\" or more"));
}

TEST(ScenarioLoader, UnknownDefectIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["defects"] = {"retry_after_mising"};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/defects/0");
  EXPECT_EQ(e.value(), "\"retry_after_mising\"");
  EXPECT_TRUE(Contains(e.fix(), "did you mean \"retry_after_missing\"?"));
  EXPECT_TRUE(Contains(e.fix(), "freezedrill list defects"));
}

TEST(ScenarioLoader, ExpectFailureMustMatchDefects) {
  nlohmann::json s = with_unfenced_writer();
  s["expect_failure"] = {"write_status"};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/expect_failure");
  EXPECT_EQ(e.value(), "[\"write_status\"]");
  EXPECT_TRUE(Contains(e.fix(), "\"expect_failure\": [\"no_write_leak\"]"));
}

TEST(ScenarioLoader, MissingExpectFailureWithDefectsIsRejected) {
  nlohmann::json s = with_unfenced_writer();
  s.erase("expect_failure");
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/expect_failure");
  EXPECT_TRUE(Contains(e.fix(), "[\"no_write_leak\"]"));
}

TEST(ScenarioLoader, DefectNeedingMissingSurfaceIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["defects"] = {"writer_unfenced"};
  s["expect_failure"] = {"no_write_leak"};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/defects/0");
  EXPECT_EQ(e.value(), "\"writer_unfenced\"");
  EXPECT_TRUE(Contains(e.problem(), "\"kv_writer\""));
  EXPECT_TRUE(Contains(e.fix(), "add a surface of kind \"kv_writer\""));
}

TEST(ScenarioLoader, UnknownCheckInExpectListsChecks) {
  nlohmann::json s = minimal();
  s["expect"] = {{"no_write_leek", nlohmann::json::object()}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/expect/no_write_leek");
  EXPECT_EQ(e.value(), "{}");
  EXPECT_TRUE(Contains(e.fix(), "did you mean \"no_write_leak\"?"));
  EXPECT_TRUE(Contains(e.fix(), "no_write_leak, write_status, reads_healthy"));
}

TEST(ScenarioLoader, UnknownOptionListsOptions) {
  nlohmann::json s = minimal();
  s["expect"] = {{"reads_healthy", {{"error_budgets", 5}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/expect/reads_healthy/error_budgets");
  EXPECT_EQ(e.value(), "5");
  EXPECT_TRUE(Contains(e.fix(), "did you mean \"error_budget\"?"));
  EXPECT_TRUE(Contains(e.fix(), "error_budget, min_samples, allow_inconclusive"));
}

TEST(ScenarioLoader, WrongOptionTypeIsRejected) {
  nlohmann::json s = minimal();
  s["expect"] = {{"no_write_leak", {{"fence_grace", 2}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/expect/no_write_leak/fence_grace");
  EXPECT_EQ(e.value(), "2");
  EXPECT_TRUE(Contains(e.fix(), "\"2s\""));
}

TEST(ScenarioLoader, NullForNonNullableOptionIsRejected) {
  nlohmann::json s = minimal();
  s["expect"] = {{"reads_healthy", {{"min_samples", nullptr}}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/expect/reads_healthy/min_samples");
  EXPECT_EQ(e.value(), "null");
  EXPECT_TRUE(Contains(e.fix(), "default (100)"));
}

TEST(ScenarioLoader, BadEpochIsRejected) {
  nlohmann::json s = minimal();
  s["epoch"] = "2026-03-01 02:00:00";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/epoch");
  EXPECT_EQ(e.value(), "\"2026-03-01 02:00:00\"");
  EXPECT_TRUE(Contains(e.fix(), "\"2026-03-01T02:00:00Z\""));
}

TEST(ScenarioLoader, VersionTwoIsRejected) {
  nlohmann::json s = minimal();
  s["version"] = 2;
  s["future_key"] = true;
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/version");
  EXPECT_EQ(e.value(), "2");
  EXPECT_TRUE(Contains(e.fix(), "\"version\": 1"));
}

TEST(ScenarioLoader, MissingRequiredKeyIsNamed) {
  nlohmann::json s = minimal();
  s.erase("service");
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/service");
  EXPECT_TRUE(Contains(e.problem(), "missing required key \"service\""));
  EXPECT_TRUE(Contains(e.fix(), "service under test"));
}

TEST(ScenarioLoader, DuplicateSurfaceNameIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"].push_back({{"kind", "kv_writer"}, {"name", "web"}, {"rate", "1/s"}});
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/1/name");
  EXPECT_EQ(e.value(), "\"web\"");
  EXPECT_TRUE(Contains(e.problem(), "/surfaces/0"));
  EXPECT_TRUE(Contains(e.fix(), "its own name"));
}

TEST(ScenarioLoader, WriteEndpointWithoutMutationIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["endpoints"] = {{{"name", "put_kv"}, {"method", "PUT"}, {"path", "/kv/{key}"}, {"write", true}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/endpoints/0/mutation");
  EXPECT_TRUE(Contains(e.problem(), "missing required key \"mutation\""));
  EXPECT_TRUE(Contains(e.fix(), "\"put\""));
}

TEST(ScenarioLoader, ReadEndpointWithMutationIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["endpoints"] = {
      {{"name", "get_kv"}, {"method", "GET"}, {"path", "/kv/{key}"}, {"write", false}, {"mutation", "put"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/endpoints/0/mutation");
  EXPECT_EQ(e.value(), "\"put\"");
  EXPECT_TRUE(Contains(e.fix(), "\"write\": true"));
}

TEST(ScenarioLoader, ClientWithUnknownEndpointIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["endpoints"] = {"get_kv", "put_kvs"};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/endpoints/1");
  EXPECT_EQ(e.value(), "\"put_kvs\"");
  EXPECT_TRUE(Contains(e.fix(), "did you mean \"put_kv\"?"));
}

TEST(ScenarioLoader, WritingClientWithoutWriteEndpointIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["writes"] = 0.5;
  s["surfaces"][0]["endpoints"] = {"get_kv"};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/endpoints");
  EXPECT_TRUE(Contains(e.fix(), "\"writes\": 0"));
}

TEST(ScenarioLoader, KvWriterInstanceOutOfRangeIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["instances"] = 2;
  s["surfaces"].push_back({{"kind", "kv_writer"}, {"name", "gc"}, {"rate", "1/s"}, {"instance", 2}});
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/1/instance");
  EXPECT_EQ(e.value(), "2");
  EXPECT_TRUE(Contains(e.fix(), "from 0 to 1"));
}

// --- background job surfaces -------------------------------------------------

// The minimal scenario with one more surface of `kind` and its own keys.
nlohmann::json with_surface(const std::string& kind, nlohmann::json keys) {
  nlohmann::json s = minimal();
  keys["kind"] = kind;
  keys["name"] = "job";
  s["surfaces"].push_back(keys);
  return s;
}

TEST(ScenarioLoader, VectorUpsertReadsWriterKeys) {
  nlohmann::json s = with_surface("vector_upsert", {{"rate", "30/m"}, {"keys", 10}});
  s["deployment"]["instances"] = 2;
  Scenario loaded = load(s.dump());
  const SurfaceSpec& spec = loaded.surfaces[1];
  EXPECT_EQ(spec.kind, "vector_upsert");
  EXPECT_EQ(spec.keys, 10);
  EXPECT_EQ(spec.instance, 0);
  EXPECT_EQ(loaded.normalised["surfaces"][1]["rate"], "0.5/s");
  EXPECT_EQ(loaded.normalised["surfaces"][1]["arrivals"], "poisson");
}

TEST(ScenarioLoader, VectorUpsertInstanceOutOfRangeIsRejected) {
  InputError e = error_of(with_surface("vector_upsert", {{"rate", "1/s"}, {"instance", 1}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/instance");
  EXPECT_EQ(e.value(), "1");
  EXPECT_TRUE(Contains(e.fix(), "from 0 to 0"));
}

TEST(ScenarioLoader, BackfillResolvesDefaults) {
  Scenario loaded = load(with_surface("embedding_backfill", nlohmann::json::object()).dump());
  const BackfillSpec& b = loaded.surfaces[1].backfill;
  EXPECT_EQ(b.batch, 64);
  EXPECT_EQ(b.every, 2 * kMicrosPerSecond);
  EXPECT_EQ(b.embed_latency, 50 * kMicrosPerMilli);
  EXPECT_EQ(b.documents, 10000);
  EXPECT_EQ(loaded.normalised["surfaces"][1],
            nlohmann::json({{"kind", "embedding_backfill"}, {"name", "job"}, {"batch", 64}, {"every", "2s"},
                            {"embed_latency", "50ms"}, {"documents", 10000}}));
}

TEST(ScenarioLoader, BackfillBatchOutOfRangeIsRejected) {
  InputError e = error_of(with_surface("embedding_backfill", {{"batch", 10001}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/batch");
  EXPECT_EQ(e.value(), "10001");
  EXPECT_TRUE(Contains(e.fix(), "from 1 to 10000"));
}

TEST(ScenarioLoader, BackfillEveryBelowOneMillisecondIsRejected) {
  InputError e = error_of(with_surface("embedding_backfill", {{"every", "500us"}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/every");
  EXPECT_EQ(e.value(), "\"500us\"");
  EXPECT_TRUE(Contains(e.fix(), "\"1ms\" or more"));
}

TEST(ScenarioLoader, CronExpressionIsNormalised) {
  Scenario loaded = load(with_surface("cron", {{"schedule", " */30  * * * * *"}}).dump());
  const CronSpec& c = loaded.surfaces[1].cron;
  ASSERT_TRUE(c.schedule.expression.has_value());
  EXPECT_FALSE(c.schedule.every.has_value());
  EXPECT_EQ(c.writes, 10);
  EXPECT_EQ(c.job_duration, kMicrosPerSecond);
  EXPECT_TRUE(c.entry_points.empty());
  EXPECT_EQ(loaded.normalised["surfaces"][1]["schedule"], "*/30 * * * * *");
  EXPECT_EQ(loaded.normalised["surfaces"][1]["entry_points"], nlohmann::json::array());
}

TEST(ScenarioLoader, CronIntervalIsNormalised) {
  Scenario loaded = load(with_surface("cron", {{"schedule", {{"every", "60s"}}}}).dump());
  const JobSchedule& schedule = loaded.surfaces[1].cron.schedule;
  EXPECT_EQ(schedule.every, kMicrosPerMinute);
  EXPECT_FALSE(schedule.expression.has_value());
  EXPECT_EQ(loaded.normalised["surfaces"][1]["schedule"], nlohmann::json({{"every", "1m"}}));
}

TEST(ScenarioLoader, CronReadsEntryPoints) {
  Scenario loaded =
      load(with_surface("cron", {{"schedule", "0 * * * *"}, {"entry_points", {"scheduler", "http_trigger"}}}).dump());
  EXPECT_EQ(loaded.surfaces[1].cron.entry_points, (std::vector<std::string>{"scheduler", "http_trigger"}));
}

TEST(ScenarioLoader, InvalidCronExpressionNamesField) {
  InputError e = error_of(with_surface("cron", {{"schedule", "0 0 32 * *"}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/schedule");
  EXPECT_EQ(e.value(), "\"0 0 32 * *\"");
  EXPECT_TRUE(Contains(e.problem(), "day-of-month"));
  EXPECT_TRUE(Contains(e.fix(), "from 1 to 31"));
}

TEST(ScenarioLoader, CronExpressionWithFourFieldsIsRejected) {
  InputError e = error_of(with_surface("cron", {{"schedule", "* * * *"}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/schedule");
  EXPECT_TRUE(Contains(e.problem(), "expected 5 or 6 fields, got 4"));
  EXPECT_TRUE(Contains(e.fix(), "\"*/5 * * * *\""));
}

TEST(ScenarioLoader, CronIntervalBelowOneSecondIsRejected) {
  InputError e = error_of(with_surface("cron", {{"schedule", {{"every", "500ms"}}}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/schedule/every");
  EXPECT_EQ(e.value(), "\"500ms\"");
  EXPECT_TRUE(Contains(e.fix(), "\"1s\" or more"));
}

TEST(ScenarioLoader, CronScheduleOfWrongTypeIsRejected) {
  InputError e = error_of(with_surface("cron", {{"schedule", 30}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/schedule");
  EXPECT_EQ(e.value(), "30");
  EXPECT_TRUE(Contains(e.problem(), "expected a cron expression or an interval object"));
  EXPECT_TRUE(Contains(e.fix(), "{ \"every\": \"30s\" }"));
}

TEST(ScenarioLoader, CronWithoutScheduleIsRejected) {
  InputError e = error_of(with_surface("cron", nlohmann::json::object()));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/schedule");
  EXPECT_TRUE(Contains(e.problem(), "missing required key \"schedule\""));
}

TEST(ScenarioLoader, CronEntryPointListedTwiceIsRejected) {
  InputError e = error_of(with_surface("cron", {{"schedule", "0 * * * *"}, {"entry_points", {"cli", "cli"}}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/entry_points/1");
  EXPECT_EQ(e.value(), "\"cli\"");
  EXPECT_TRUE(Contains(e.fix(), "list each entry point once"));
}

TEST(ScenarioLoader, CronEntryPointWithSlashIsRejected) {
  InputError e = error_of(with_surface("cron", {{"schedule", "0 * * * *"}, {"entry_points", {"http/trigger"}}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/entry_points/0");
  EXPECT_TRUE(Contains(e.problem(), "'/'"));
}

TEST(ScenarioLoader, WorkerResolvesDefaults) {
  Scenario loaded = load(with_surface("worker", nlohmann::json::object()).dump());
  const WorkerSpec& w = loaded.surfaces[1].worker;
  EXPECT_EQ(w.poll, kMicrosPerSecond);
  EXPECT_EQ(w.job_duration, 200 * kMicrosPerMilli);
  EXPECT_EQ(w.backlog, 0);
  EXPECT_FALSE(w.produce_rate.has_value());
  EXPECT_EQ(w.restart_base, kMicrosPerSecond);
  EXPECT_EQ(w.restart_cap, 30 * kMicrosPerSecond);
  const nlohmann::json& n = loaded.normalised["surfaces"][1];
  EXPECT_EQ(n["produce_rate"], nullptr);
  EXPECT_EQ(n["produce_until"], nullptr);
  EXPECT_EQ(n["produce_from"], "0s");
  EXPECT_EQ(n["restart_backoff"], nlohmann::json({{"base", "1s"}, {"cap", "30s"}}));
}

TEST(ScenarioLoader, WorkerReadsProducerAndBackoff) {
  Scenario loaded = load(with_surface("worker", {{"produce_rate", "50/m"},
                                                 {"produce_from", "60s"},
                                                 {"produce_until", "120s"},
                                                 {"arrivals", "fixed"},
                                                 {"backlog", 5},
                                                 {"restart_backoff", {{"base", "500ms"}, {"cap", "8s"}}}})
                             .dump());
  const SurfaceSpec& spec = loaded.surfaces[1];
  ASSERT_TRUE(spec.worker.produce_rate.has_value());
  EXPECT_EQ(spec.worker.produce_rate->mean_interval(), 1200 * kMicrosPerMilli);
  EXPECT_EQ(spec.worker.produce_from, kMicrosPerMinute);
  EXPECT_EQ(spec.worker.produce_until, 2 * kMicrosPerMinute);
  EXPECT_TRUE(spec.fixed_arrivals);
  EXPECT_EQ(spec.worker.backlog, 5);
  EXPECT_EQ(spec.worker.restart_base, 500 * kMicrosPerMilli);
  EXPECT_EQ(spec.worker.restart_cap, 8 * kMicrosPerSecond);
}

TEST(ScenarioLoader, WorkerRestartCapBelowBaseIsRejected) {
  InputError e = error_of(with_surface("worker", {{"restart_backoff", {{"base", "2s"}, {"cap", "1s"}}}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/restart_backoff/cap");
  EXPECT_EQ(e.value(), "\"1s\"");
  EXPECT_TRUE(Contains(e.fix(), "\"2s\" or more"));
}

TEST(ScenarioLoader, WorkerProducerSpanWithoutRateIsRejected) {
  InputError e = error_of(with_surface("worker", {{"produce_from", "10s"}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/produce_from");
  EXPECT_TRUE(Contains(e.problem(), "no producer"));
  EXPECT_TRUE(Contains(e.fix(), "add \"produce_rate\""));
}

TEST(ScenarioLoader, WorkerProducerEndingBeforeStartIsRejected) {
  InputError e = error_of(
      with_surface("worker", {{"produce_rate", "1/s"}, {"produce_from", "60s"}, {"produce_until", "30s"}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/produce_until");
  EXPECT_EQ(e.value(), "\"30s\"");
  EXPECT_TRUE(Contains(e.problem(), "not after produce_from (1m)"));
}

TEST(ScenarioLoader, WorkerUnknownKeySuggestsClosest) {
  InputError e = error_of(with_surface("worker", {{"pol", "1s"}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/pol");
  EXPECT_TRUE(Contains(e.fix(), "did you mean \"poll\"?"));
}

TEST(ScenarioLoader, BackgroundNormalisedLoadsToTheSameHash) {
  nlohmann::json s = minimal();
  s["surfaces"].push_back({{"kind", "vector_upsert"}, {"name", "sync"}, {"rate", "2/s"}});
  s["surfaces"].push_back({{"kind", "embedding_backfill"}, {"name", "backfill"}, {"batch", 32}});
  s["surfaces"].push_back({{"kind", "cron"}, {"name", "compaction"}, {"schedule", "*/10 * * * * *"},
                           {"entry_points", {"scheduler"}}});
  s["surfaces"].push_back({{"kind", "worker"}, {"name", "indexer"}, {"produce_rate", "1/s"},
                           {"produce_until", "2m"}});
  Scenario first = load(s.dump());
  Scenario again = load(first.normalised.dump());
  EXPECT_EQ(again.hash, first.hash);
  EXPECT_EQ(again.normalised, first.normalised);
}

TEST(ScenarioLoader, FlagClearedOutsideWindowIsRejected) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "flag_cleared"}, {"at", "4m"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/faults/0/at");
  EXPECT_EQ(e.value(), "\"4m\"");
  EXPECT_TRUE(Contains(e.fix(), "from \"1m\" up to, but not including, \"4m\""));
}

TEST(ScenarioLoader, UnknownFaultKindListsKinds) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "flag_dropped"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/faults/0/kind");
  EXPECT_TRUE(Contains(e.fix(), "flag_late, flag_lost, flag_cleared, cron_at_start"));
}

TEST(ScenarioLoader, InstanceRestartIsRead) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "instance_restart"}, {"at", "90s"}, {"instance", 0}, {"downtime", "2s"}}};
  Scenario loaded = load(s.dump());
  ASSERT_EQ(loaded.faults.size(), 1u);
  EXPECT_EQ(loaded.faults[0].kind, "instance_restart");
  EXPECT_EQ(loaded.faults[0].at, 90 * kMicrosPerSecond);
  EXPECT_EQ(loaded.faults[0].instance, 0);
  EXPECT_EQ(loaded.faults[0].length, 2 * kMicrosPerSecond);
}

TEST(ScenarioLoader, InstanceRestartWithoutDowntimeIsRejected) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "instance_restart"}, {"at", "90s"}, {"instance", 0}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/faults/0/downtime");
}

TEST(ScenarioLoader, ReuseKeyAboveOneIsRejected) {
  nlohmann::json s = minimal();
  s["surfaces"][0]["reuse_key"] = 1.5;
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/surfaces/0/reuse_key");
}

TEST(ScenarioLoader, ErrorCodeWithBothRulesIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["error_code"] = {{"pointer", "/code"}, {"header", "Error-Code"}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/error_code");
  EXPECT_TRUE(Contains(e.fix(), "{ \"pointer\": \"/code\" }"));
}

// --- deployment.refuse_status ------------------------------------------------

TEST(ScenarioLoader, RefuseStatusDefaultsTo423InReadOnly) {
  Scenario s = load(kMinimal);
  ASSERT_TRUE(s.deployment.refuse_status.has_value());
  EXPECT_EQ(*s.deployment.refuse_status, 423);
  EXPECT_EQ(s.normalised["deployment"]["refuse_status"], 423);
}

TEST(ScenarioLoader, RefuseStatusDefaultsTo503InMaintenance) {
  nlohmann::json s = minimal();
  s["window"]["mode"] = "maintenance";
  Scenario loaded = load(s.dump());
  ASSERT_TRUE(loaded.deployment.refuse_status.has_value());
  EXPECT_EQ(*loaded.deployment.refuse_status, 503);
  EXPECT_EQ(loaded.normalised["deployment"]["refuse_status"], 503);
}

TEST(ScenarioLoader, RefuseStatus503AllowedInReadOnly) {
  nlohmann::json s = minimal();
  s["deployment"]["refuse_status"] = 503;
  Scenario loaded = load(s.dump());
  EXPECT_EQ(loaded.deployment.refuse_status, 503);
  EXPECT_EQ(loaded.normalised["deployment"]["refuse_status"], 503);
  EXPECT_NE(loaded.hash, load(kMinimal).hash);
}

TEST(ScenarioLoader, RefuseStatus503AllowedInMaintenance) {
  nlohmann::json s = minimal();
  s["window"]["mode"] = "maintenance";
  s["deployment"]["refuse_status"] = 503;
  EXPECT_EQ(load(s.dump()).deployment.refuse_status, 503);
}

TEST(ScenarioLoader, ExplicitDefaultRefuseStatusKeepsHash) {
  nlohmann::json s = minimal();
  s["deployment"]["refuse_status"] = 423;
  EXPECT_EQ(load(s.dump()).hash, load(kMinimal).hash);
}

TEST(ScenarioLoader, RefuseStatus423InMaintenanceIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["mode"] = "maintenance";
  s["deployment"]["refuse_status"] = 423;
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/refuse_status");
  EXPECT_EQ(e.value(), "423");
  EXPECT_TRUE(Contains(e.problem(), "not allowed in maintenance mode"));
  EXPECT_TRUE(Contains(e.fix(), "write 503"));
}

TEST(ScenarioLoader, RefuseStatusOtherThan423Or503IsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["refuse_status"] = 429;
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/refuse_status");
  EXPECT_EQ(e.value(), "429");
  EXPECT_TRUE(Contains(e.problem(), "423 or 503"));
  EXPECT_TRUE(Contains(e.fix(), "write 423 (Locked) or 503 (Service Unavailable)"));
}

TEST(ScenarioLoader, QuotedRefuseStatusIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["refuse_status"] = "503";
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/refuse_status");
  EXPECT_EQ(e.value(), "\"503\"");
  EXPECT_TRUE(Contains(e.fix(), "without quotes"));
}

TEST(ScenarioLoader, OtherRefuseStatusInMaintenanceNames503) {
  nlohmann::json s = minimal();
  s["window"]["mode"] = "maintenance";
  s["deployment"]["refuse_status"] = 500;
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/refuse_status");
  EXPECT_TRUE(Contains(e.fix(), "write 503"));
}

TEST(ScenarioLoader, TopLevelArrayIsRejected) {
  InputError e = error_of(std::string("[1, 2]"));
  EXPECT_EQ(e.place().pointer, "");
  EXPECT_EQ(e.value(), "[1,2]");
  EXPECT_TRUE(Contains(e.problem(), "got an array"));
}

TEST(ScenarioLoader, MessageNamesFilePointerValueAndFix) {
  nlohmann::json s = minimal();
  s["window"]["mode"] = "readonly";
  InputError e = error_of(s);
  EXPECT_EQ(std::string(e.what()),
            "bad.json: unknown value \"readonly\" (at /window/mode, value \"readonly\"); fix: did you mean "
            "\"read_only\"? The allowed modes are: read_only, maintenance");
}

TEST(ScenarioLoader, MissingFileIsNamed) {
  std::string path = testing::TempDir() + "freezedrill_no_such_scenario.json";
  try {
    load_scenario_file(path, context());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.place().file, path);
    EXPECT_TRUE(Contains(e.problem(), "not found"));
    EXPECT_TRUE(Contains(e.fix(), "check the path"));
  }
}

// --- add_defects ---------------------------------------------------------------

TEST(AddDefects, SetsUnionOfExpectedChecks) {
  Scenario s = load(with_unfenced_writer().dump());
  add_defects(s, {"retry_after_missing"}, context());
  EXPECT_EQ(s.deployment.defects, (std::vector<std::string>{"writer_unfenced", "retry_after_missing"}));
  EXPECT_EQ(s.expect_failure, (std::vector<std::string>{"no_write_leak", "write_status"}));
}

TEST(AddDefects, UpdatesNormalisedAndHash) {
  Scenario s = load(kMinimal);
  std::string before = s.hash;
  add_defects(s, {"retry_after_missing"}, context());
  EXPECT_EQ(s.normalised["deployment"]["defects"], nlohmann::json({"retry_after_missing"}));
  EXPECT_EQ(s.normalised["expect_failure"], nlohmann::json({"write_status"}));
  EXPECT_NE(s.hash, before);
}

TEST(AddDefects, MatchesScenarioDeclaringTheSameDefect) {
  nlohmann::json declared = minimal();
  declared["deployment"]["defects"] = {"retry_after_missing"};
  declared["expect_failure"] = {"write_status"};
  Scenario s = load(kMinimal);
  add_defects(s, {"retry_after_missing"}, context());
  EXPECT_EQ(s.hash, load(declared.dump()).hash);
}

TEST(AddDefects, IgnoresDuplicates) {
  Scenario s = load(kMinimal);
  add_defects(s, {"retry_after_missing", "retry_after_missing"}, context());
  add_defects(s, {"retry_after_missing"}, context());
  EXPECT_EQ(s.deployment.defects.size(), 1u);
}

TEST(AddDefects, UnknownDefectSuggestsList) {
  Scenario s = load(kMinimal);
  try {
    add_defects(s, {"no_such_defect"}, context());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.place().file, "test.json");
    EXPECT_EQ(e.value(), "\"no_such_defect\"");
    EXPECT_TRUE(Contains(e.fix(), "freezedrill list defects"));
  }
  EXPECT_TRUE(s.deployment.defects.empty());
}

TEST(AddDefects, MissingSurfaceLeavesScenarioUnchanged) {
  Scenario s = load(kMinimal);
  std::string before = s.hash;
  try {
    add_defects(s, {"retry_after_missing", "writer_unfenced"}, context());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(Contains(e.problem(), "\"kv_writer\""));
    EXPECT_TRUE(Contains(e.fix(), "scenarios/defect-writer-unfenced.json"));
  }
  EXPECT_TRUE(s.deployment.defects.empty());
  EXPECT_EQ(s.hash, before);
}

// --- scenario_files_in -----------------------------------------------------------

// A fresh directory under the test's temporary directory.
std::filesystem::path fresh_directory(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void touch(const std::filesystem::path& path) { std::ofstream(path) << "{}"; }

TEST(ScenarioFilesIn, ListsJsonFilesSortedByName) {
  std::filesystem::path dir = fresh_directory("freezedrill_scenario_files");
  touch(dir / "b.json");
  touch(dir / "a.json");
  touch(dir / "notes.txt");
  std::filesystem::create_directories(dir / "nested");
  touch(dir / "nested" / "c.json");
  std::filesystem::create_directories(dir / "folder.json");

  std::vector<std::string> files = scenario_files_in(dir.string());
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0], (dir / "a.json").string());
  EXPECT_EQ(files[1], (dir / "b.json").string());
}

TEST(ScenarioFilesIn, MissingDirectoryIsInputError) {
  std::string dir = testing::TempDir() + "freezedrill_no_such_directory";
  try {
    scenario_files_in(dir);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.place().file, dir);
    EXPECT_TRUE(Contains(e.fix(), "exists"));
  }
}

// --- surfaces that run across the window ----------------------------------------

nlohmann::json with_surface(nlohmann::json surface) {
  nlohmann::json s = minimal();
  s["surfaces"].push_back(std::move(surface));
  return s;
}

TEST(ScenarioLoader, ToolCallDefaultsToFirstReadEndpoint) {
  Scenario loaded = load(with_surface({{"kind", "tool_call"}, {"name", "agent"}, {"rate", "1/s"}}).dump());
  const SurfaceSpec& agent = loaded.surfaces[1];
  EXPECT_EQ(agent.tool_call.read_endpoint, "get_kv");
  EXPECT_DOUBLE_EQ(agent.tool_call.side_effects, 0.5);
  EXPECT_EQ(agent.tool_call.recheck, 5 * kMicrosPerSecond);
  EXPECT_EQ(loaded.normalised["surfaces"][1]["read_endpoint"], "get_kv");
  EXPECT_EQ(loaded.normalised["surfaces"][1]["recheck"], "5s");
}

TEST(ScenarioLoader, ToolCallOnlySideEffectsNeedsNoReadEndpoint) {
  Scenario loaded =
      load(with_surface({{"kind", "tool_call"}, {"name", "agent"}, {"rate", "1/s"}, {"side_effects", 1}}).dump());
  EXPECT_EQ(loaded.surfaces[1].tool_call.read_endpoint, "");
  EXPECT_TRUE(loaded.normalised["surfaces"][1]["read_endpoint"].is_null());
}

TEST(ScenarioLoader, ToolCallReadEndpointMustBeRead) {
  InputError e = error_of(
      with_surface({{"kind", "tool_call"}, {"name", "agent"}, {"rate", "1/s"}, {"read_endpoint", "put_kv"}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/read_endpoint");
  EXPECT_TRUE(Contains(e.problem(), "not a read endpoint"));
  EXPECT_TRUE(Contains(e.fix(), "get_kv"));
}

TEST(ScenarioLoader, IngestionAndStepsNormalised) {
  nlohmann::json s = with_surface({{"kind", "ingestion"}, {"name", "feed"}, {"chunk_duration", "0.5s"}});
  s["surfaces"].push_back({{"kind", "compaction"}, {"name", "compactor"}, {"steps", 20}, {"step", "700ms"}});
  Scenario loaded = load(s.dump());
  EXPECT_EQ(loaded.normalised["surfaces"][1]["chunk_duration"], "500ms");
  EXPECT_EQ(loaded.normalised["surfaces"][1]["chunk"], 50);
  EXPECT_EQ(loaded.surfaces[2].stepped.steps, 20);
  EXPECT_EQ(loaded.surfaces[2].stepped.step, 700 * kMicrosPerMilli);
}

TEST(ScenarioLoader, StepBelowOneMillisecondRejected) {
  InputError e = error_of(with_surface({{"kind", "migration"}, {"name", "m"}, {"step", "500us"}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/step");
}

nlohmann::json with_probe_masks(nlohmann::json masks) {
  nlohmann::json s = minimal();
  s["surfaces"].push_back(
      {{"kind", "probe"}, {"name", "answers"}, {"endpoint", "search"}, {"queries", {"q"}}, {"masks", masks}});
  return s;
}

TEST(ScenarioLoader, ProbeMasksLoadInOrderWithDefaults) {
  Scenario loaded = load(with_probe_masks({{{"mask", "iso_timestamp"}},
                                           {{"mask", "hex_id"}, {"min_length", 12}},
                                           {{"literal", "Request-ID: "}, {"replace", ""}}})
                             .dump());
  const std::vector<MaskRule>& masks = loaded.surfaces[1].masks;
  ASSERT_EQ(masks.size(), 3u);
  EXPECT_EQ(masks[0].kind, MaskKind::kIsoTimestamp);
  EXPECT_EQ(masks[0].replace, "<timestamp>");
  EXPECT_EQ(masks[1].kind, MaskKind::kHexId);
  EXPECT_EQ(masks[1].min_length, 12);
  EXPECT_EQ(masks[2].kind, MaskKind::kLiteral);
  EXPECT_EQ(masks[2].find, "Request-ID: ");
  nlohmann::json expected = {{{"mask", "iso_timestamp"}, {"replace", "<timestamp>"}},
                             {{"mask", "hex_id"}, {"replace", "<hex>"}, {"min_length", 12}},
                             {{"literal", "Request-ID: "}, {"replace", ""}}};
  EXPECT_EQ(loaded.normalised["surfaces"][1]["masks"], expected);
}

TEST(ScenarioLoader, ProbeMaskUnknownNameListsMasks) {
  InputError e = error_of(with_probe_masks({{{"mask", "iso_date"}}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/masks/0/mask");
  EXPECT_TRUE(Contains(e.fix(), "iso_timestamp, uuid, hex_id"));
}

TEST(ScenarioLoader, ProbeMaskLiteralAndPatternRejected) {
  InputError e = error_of(with_probe_masks({{{"literal", "a"}, {"mask", "uuid"}}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/masks/0");
  EXPECT_TRUE(Contains(e.problem(), "both"));
}

TEST(ScenarioLoader, ProbeMaskMinLengthOnlyForHex) {
  InputError e = error_of(with_probe_masks({{{"mask", "uuid"}, {"min_length", 12}}}));
  EXPECT_EQ(e.place().pointer, "/surfaces/1/masks/0/min_length");
  InputError range = error_of(with_probe_masks({{{"mask", "hex_id"}, {"min_length", 3}}}));
  EXPECT_EQ(range.place().pointer, "/surfaces/1/masks/0/min_length");
}

TEST(ScenarioLoader, ProbeMaskLiteralNeedsReplaceAndText) {
  EXPECT_EQ(error_of(with_probe_masks({{{"literal", "x"}}})).place().pointer, "/surfaces/1/masks/0/replace");
  EXPECT_EQ(error_of(with_probe_masks({{{"literal", ""}, {"replace", "y"}}})).place().pointer,
            "/surfaces/1/masks/0/literal");
}

TEST(ScenarioLoader, LastSeenReadsMustBeReadEndpoints) {
  nlohmann::json s = minimal();
  s["deployment"]["last_seen_reads"] = {"get_kv"};
  EXPECT_EQ(load(s.dump()).deployment.last_seen_reads, std::vector<std::string>{"get_kv"});

  s["deployment"]["last_seen_reads"] = {"put_kv"};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/last_seen_reads/0");
  EXPECT_TRUE(Contains(e.problem(), "not a read endpoint"));

  s["deployment"]["last_seen_reads"] = {"get_kv", "get_kv"};
  EXPECT_EQ(error_of(s).place().pointer, "/deployment/last_seen_reads/1");
}

}  // namespace
}  // namespace freezedrill

namespace freezedrill {
namespace {

// --- The chaos fault kinds ---

TEST(ScenarioLoader, ChaosFaultsAreNormalised) {
  nlohmann::json s = minimal();
  s["deployment"]["instances"] = 2;
  s["faults"] = {{{"kind", "instance_restart"}, {"instance", 1}, {"at", "80s"}, {"downtime", "5000ms"}},
                 {{"kind", "clock_skew"}, {"offset", "-800ms"}},
                 {{"kind", "partition"}, {"instance", 0}, {"length", "10s"}},
                 {{"kind", "straddling_write"}}};
  Scenario sc = load(s.dump());
  ASSERT_EQ(sc.faults.size(), 4u);
  EXPECT_EQ(sc.faults[0].length, 5 * kMicrosPerSecond);
  EXPECT_EQ(sc.normalised["faults"][0]["downtime"], "5s");
  EXPECT_EQ(sc.faults[1].offset, -800 * kMicrosPerMilli);
  EXPECT_EQ(sc.normalised["faults"][1]["offset"], "-800ms");
  EXPECT_EQ(sc.normalised["faults"][1]["at"], "0s");
  EXPECT_EQ(sc.faults[2].at, 60 * kMicrosPerSecond);  // at defaults to S
  // The straddling write defaults: the first write endpoint, held 1 s, sent 500 ms before S.
  EXPECT_EQ(sc.faults[3].target, "put_kv");
  EXPECT_EQ(sc.normalised["faults"][3]["at"], "59500ms");
  EXPECT_EQ(sc.normalised["faults"][3]["hold"], "1s");
}

TEST(ScenarioLoader, StraddlingWriteMustCrossStart) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "straddling_write"}, {"at", "59s"}, {"hold", "500ms"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/faults/0/at");
  EXPECT_TRUE(Contains(e.problem(), "before S and processed after it"));
}

TEST(ScenarioLoader, CronAtStartNeedsCronSurface) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "cron_at_start"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/faults/0");
  EXPECT_TRUE(Contains(e.fix(), "add a surface of kind \"cron\""));
}

TEST(ScenarioLoader, RestartOfMissingInstanceIsRejected) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "instance_restart"}, {"instance", 1}, {"at", "80s"}, {"downtime", "1s"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/faults/0/instance");
}

TEST(ScenarioLoader, SkewOffsetMustBeSignedDuration) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "clock_skew"}, {"offset", "--1s"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/faults/0/offset");
  EXPECT_TRUE(Contains(e.fix(), "\"-800ms\""));
}

TEST(ScenarioLoader, BannerPolicyDefaultsAreCorrect) {
  Scenario s = load(minimal().dump());
  const BannerSpec& banner = s.deployment.banner;
  EXPECT_EQ(banner.purge, "url");
  ASSERT_TRUE(banner.s_maxage.has_value());
  EXPECT_EQ(*banner.s_maxage, 300 * kMicrosPerSecond);
  EXPECT_FALSE(banner.contact.empty());
  EXPECT_FALSE(banner.rollback.empty());
  EXPECT_EQ(s.normalised["deployment"]["banner"]["purge"], "url");
}

TEST(ScenarioLoader, BannerPolicyIsRead) {
  nlohmann::json s = minimal();
  s["epoch"] = "2026-03-01T03:00:00+01:00";
  s["deployment"]["banner"] = {{"max_age", "1h"},     {"s_maxage", nullptr}, {"stale_while_revalidate", "30s"},
                               {"purge", "soft"},     {"purge_retry", "2s"}, {"contact", "#ops"},
                               {"rollback", "undo"}};
  Scenario loaded = load(s.dump());
  const BannerSpec& banner = loaded.deployment.banner;
  EXPECT_EQ(banner.max_age, 3600 * kMicrosPerSecond);
  EXPECT_FALSE(banner.s_maxage.has_value());
  EXPECT_EQ(banner.stale_while_revalidate, 30 * kMicrosPerSecond);
  EXPECT_EQ(banner.purge, "soft");
  EXPECT_EQ(banner.purge_retry, 2 * kMicrosPerSecond);
  EXPECT_EQ(banner.contact, "#ops");
  EXPECT_EQ(banner.utc_offset_minutes, 60);
  Scenario again = load(loaded.normalised.dump());
  EXPECT_EQ(again.hash, loaded.hash);
}

TEST(ScenarioLoader, BannerUnknownPurgeMethodIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["banner"] = {{"purge", "ban"}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/banner/purge");
  EXPECT_TRUE(Contains(e.fix(), "url, tag, soft, none"));
}

TEST(ScenarioLoader, BannerFractionalMaxAgeIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["banner"] = {{"max_age", "1500ms"}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/banner/max_age");
}

TEST(ScenarioLoader, BannerEmptyContactIsRejected) {
  nlohmann::json s = minimal();
  s["deployment"]["banner"] = {{"contact", "  "}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/deployment/banner/contact");
  EXPECT_TRUE(Contains(e.problem(), "empty"));
}

TEST(ScenarioLoader, WindowExtensionsAreRead) {
  nlohmann::json s = minimal();
  s["window"]["extensions"] = {{{"at", "2m"}, {"end", "5m"}}, {{"at", "270s"}, {"end", "330s"}}};
  Scenario loaded = load(s.dump());
  ASSERT_EQ(loaded.window.extensions.size(), 2u);
  EXPECT_EQ(loaded.window.extensions[1].at, 270 * kMicrosPerSecond);
  EXPECT_EQ(loaded.window.extensions[1].end, 330 * kMicrosPerSecond);
  EXPECT_EQ(loaded.normalised["window"]["extensions"][0]["end"], "5m");
}

TEST(ScenarioLoader, WindowExtensionNotLaterIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["extensions"] = {{{"at", "2m"}, {"end", "4m"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/extensions/0/end");
  EXPECT_TRUE(Contains(e.fix(), "later than \"4m\""));
}

TEST(ScenarioLoader, WindowExtensionAfterEndIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["extensions"] = {{{"at", "4m"}, {"end", "5m"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/extensions/0/at");
}

TEST(ScenarioLoader, WindowExtensionPastRunIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["extensions"] = {{{"at", "2m"}, {"end", "7m"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/extensions/0/end");
  EXPECT_TRUE(Contains(e.fix(), "\"6m\" or earlier"));
}

TEST(ScenarioLoader, ObserverSurfaceIsRead) {
  nlohmann::json s = minimal();
  s["surfaces"].push_back({{"kind", "observer"}, {"name", "tabs"}, {"count", 5}, {"poll", "15s"}});
  Scenario loaded = load(s.dump());
  ASSERT_EQ(loaded.surfaces.size(), 2u);
  EXPECT_EQ(loaded.surfaces[1].count, 5);
  EXPECT_EQ(loaded.surfaces[1].config["poll"], "15s");
}

TEST(ScenarioLoader, PurgeFailingIsRead) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "purge_failing"}, {"at", "1m"}, {"duration", "20s"}}};
  Scenario loaded = load(s.dump());
  ASSERT_EQ(loaded.faults.size(), 1u);
  EXPECT_EQ(loaded.faults[0].span, 20 * kMicrosPerSecond);
}

TEST(ScenarioLoader, PurgeFailingPastRunIsRejected) {
  nlohmann::json s = minimal();
  s["faults"] = {{{"kind", "purge_failing"}, {"at", "5m"}, {"duration", "2m"}}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/faults/0/duration");
  EXPECT_TRUE(Contains(e.fix(), "\"1m\" or less"));
}

TEST(ScenarioLoader, EscalationIsRead) {
  nlohmann::json s = minimal();
  s["window"]["escalation"] = {{"read_errors", 5}, {"delta_s", 0.3}, {"extend_by", "30s"}, {"max_extensions", 2}};
  Scenario loaded = load(s.dump());
  ASSERT_TRUE(loaded.window.escalation.has_value());
  EXPECT_EQ(loaded.window.escalation->read_errors, 5);
  EXPECT_EQ(loaded.window.escalation->extend_by, 30 * kMicrosPerSecond);
  EXPECT_EQ(loaded.window.escalation->max_extensions, 2);
  EXPECT_EQ(loaded.window.escalation->every, kMicrosPerSecond);
  EXPECT_EQ(load(loaded.normalised.dump()).hash, loaded.hash);
}

TEST(ScenarioLoader, EscalationWithoutTriggerIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["escalation"] = {{"extend_by", "30s"}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/escalation");
  EXPECT_TRUE(Contains(e.fix(), "read_errors"));
}

TEST(ScenarioLoader, EscalationPastRunIsRejected) {
  nlohmann::json s = minimal();
  s["window"]["escalation"] = {{"read_errors", 1}, {"extend_by", "1m"}, {"max_extensions", 3}};
  InputError e = error_of(s);
  EXPECT_EQ(e.place().pointer, "/window/escalation/extend_by");
}

}  // namespace
}  // namespace freezedrill
