#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fakes/defects/builtin_defects.h"
#include "fakes/deployment/reference_deployment.h"
#include "fakes/surfaces/probe.h"
#include "sim/checks/read_drift.h"
#include "sim/checks/check.h"
#include "sim/core/embedding.h"
#include "sim/core/error.h"
#include "sim/runtime/sim_runtime.h"
#include "sim/scenario/loader.h"

namespace freezedrill {
namespace {

constexpr std::int64_t kEpoch = 1772330400;  // 2026-03-01T02:00:00Z
constexpr Micros kSecond = kMicrosPerSecond;
constexpr Micros kStart = 10 * kSecond;
constexpr Micros kEnd = 20 * kSecond;
constexpr Micros kDuration = 30 * kSecond;

Scenario probe_scenario(const std::string& endpoint) {
  Scenario s;
  s.duration = kDuration;
  s.window.start = kStart;
  s.window.end = kEnd;
  s.deployment.instances = 2;
  s.deployment.endpoints = {
      {"get_kv", "GET", "/kv/{key}", false, "", false},
      {"search", "POST", "/search", false, "", false},
  };

  SurfaceSpec probe;
  probe.kind = "probe";
  probe.name = "answers";
  probe.config = {{"every", "5s"},
                  {"endpoint", endpoint},
                  {"queries", {"capital of france", "open incidents"}},
                  {"mask_digits", true}};
  s.surfaces.push_back(probe);
  return s;
}

// Runs one probe over a window [kStart, kEnd) on the reference deployment.
class ProbeRun {
 public:
  explicit ProbeRun(const std::string& endpoint)
      : scenario_(probe_scenario(endpoint)),
        runtime_(1, kEpoch, history_),
        deployment_(runtime_, scenario_.deployment, scenario_.window) {
    history_.header().start = kStart;
    history_.header().end = kEnd;
    SurfaceContext context{runtime_, deployment_, deployment_, scenario_};
    probes_ = make_probes(scenario_.surfaces[0], context);
    runtime_.schedule_at(kStart, Runtime::Lane::kControl, [this] { deployment_.set_flag(true, "operator"); });
    runtime_.schedule_at(kEnd, Runtime::Lane::kControl, [this] { deployment_.set_flag(false, "operator"); });
    for (auto& probe : probes_) probe->start();
    runtime_.run_all();
  }

  const History& history() const { return history_; }

  std::vector<std::pair<Micros, ev::ProbeAnswered>> answers() const {
    std::vector<std::pair<Micros, ev::ProbeAnswered>> found;
    for (const Event& e : history_.events()) {
      if (const auto* a = std::get_if<ev::ProbeAnswered>(&e.body)) found.emplace_back(e.t, *a);
    }
    return found;
  }

 private:
  History history_;
  Scenario scenario_;
  SimRuntime runtime_;
  ReferenceDeployment deployment_;
  std::vector<std::unique_ptr<Surface>> probes_;
};

TEST(Unit, ProbeAnswersEveryQueryEachRound) {
  ProbeRun run("search");
  auto answers = run.answers();
  // Rounds at 0, 5, ..., 25 s, two queries each.
  ASSERT_EQ(answers.size(), 12u);
  EXPECT_EQ(run.history().str(answers[0].second.probe), "answers/0");
  EXPECT_EQ(run.history().str(answers[1].second.probe), "answers/1");
  EXPECT_LT(answers.back().first, kDuration);
}

TEST(Unit, ProbeRecordsNormalisedAnswerAndEmbedding) {
  ProbeRun run("search");
  const History& h = run.history();
  for (const auto& [t, answered] : run.answers()) {
    EXPECT_TRUE(answered.ok) << "at " << t;
    std::string answer(h.str(answered.answer));
    EXPECT_EQ(answer, "{\"count\":#,\"ids\":[]}");
    ASSERT_NE(answered.embedding, 0u);
    EXPECT_EQ(h.embedding(answered.embedding), embed_text(answer, EmbeddingParams{}));
  }
}

TEST(Unit, ProbeFailedReadRecordedNotOk) {
  // No key is stored, so every lookup answers 404.
  ProbeRun run("get_kv");
  auto answers = run.answers();
  ASSERT_FALSE(answers.empty());
  for (const auto& [t, answered] : answers) {
    EXPECT_FALSE(answered.ok) << "at " << t;
    EXPECT_EQ(answered.embedding, 0u);
  }
}

TEST(Unit, ProbeRunPassesReadDrift) {
  ProbeRun run("search");
  nlohmann::json options = {{"max_rise", 0.05}, {"max_slope", 0.02}, {"max_divergent", 3}, {"batch", "10s"}};
  CheckResult r = ReadDriftCheck().run(run.history(), CheckOptions(options));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

// A scenario with one probe surface, given as its JSON object.
std::string probe_scenario_text(const std::string& probe) {
  return R"({
  "version": 1, "scenario": "probe", "service": "search-api",
  "epoch": "2026-03-01T02:00:00Z", "duration": "3m",
  "window": { "start": "60s", "end": "120s" }, "deployment": {},
  "surfaces": [ )" + probe + R"( ] })";
}

Scenario load_probe(const std::string& probe) {
  return load_scenario_text(probe_scenario_text(probe), "probe.json",
                            ScenarioContext{builtin_checks(), builtin_defects()});
}

std::string load_error(const std::string& probe) {
  try {
    load_probe(probe);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "the scenario loaded, but an InputError was expected";
  return "";
}

TEST(Unit, ProbeLoaderResolvesDefaults) {
  Scenario s = load_probe(R"({ "kind": "probe", "name": "answers", "endpoint": "search", "queries": ["q"] })");
  ASSERT_EQ(s.surfaces.size(), 1u);
  const nlohmann::json& config = s.surfaces[0].config;
  EXPECT_EQ(config.at("every"), "5s");
  EXPECT_EQ(config.at("mask_digits"), true);
  EXPECT_EQ(config.at("queries"), nlohmann::json::array({"q"}));
}

TEST(Unit, ProbeLoaderRejectsWriteEndpoint) {
  std::string message = load_error(R"({ "kind": "probe", "name": "p", "endpoint": "put_kv", "queries": ["q"] })");
  EXPECT_NE(message.find("\"put_kv\" is not a read endpoint"), std::string::npos) << message;
}

TEST(Unit, ProbeLoaderRejectsEmptyQueries) {
  std::string message = load_error(R"({ "kind": "probe", "name": "p", "endpoint": "search", "queries": [] })");
  EXPECT_NE(message.find("/surfaces/0/queries"), std::string::npos) << message;
}

TEST(Unit, ProbeLoaderRequiresEndpoint) {
  std::string message = load_error(R"({ "kind": "probe", "name": "p", "queries": ["q"] })");
  EXPECT_NE(message.find("endpoint"), std::string::npos) << message;
}

}  // namespace
}  // namespace freezedrill
