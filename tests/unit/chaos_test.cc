// --chaos: the faults drawn from a seed, the determinism of a chaos run,
// and faults the runner injects through the world's surfaces.

#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "fakes/defects/builtin_defects.h"
#include "sim/history/jsonl.h"
#include "sim/runner/chaos.h"
#include "sim/runner/runner.h"
#include "sim/scenario/fault_catalogue.h"
#include "sim/scenario/loader.h"

namespace freezedrill {
namespace {

ScenarioContext context() { return {builtin_checks(), builtin_defects()}; }

Scenario library(const std::string& name) {
  Scenario s = load_scenario_file(std::string(FREEZEDRILL_SOURCE_DIR) + "/scenarios/" + name, context());
  s.source = "scenarios/" + name;
  return s;
}

std::string history_bytes(const History& h) {
  std::ostringstream out;
  write_history_jsonl(h, out);
  return out.str();
}

std::vector<std::string> configs(const std::vector<FaultSpec>& faults) {
  std::vector<std::string> out;
  for (const FaultSpec& f : faults) out.push_back(f.config.dump());
  return out;
}

TEST(Chaos, SameSeedDrawsSameFaults) {
  Scenario s = library("baseline-background.json");
  EXPECT_EQ(configs(draw_chaos_faults(s, 5, builtin_checks())), configs(draw_chaos_faults(s, 5, builtin_checks())));
}

TEST(Chaos, SeedsDrawDifferentFaults) {
  Scenario s = library("baseline-kv.json");
  std::set<std::vector<std::string>> distinct;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) distinct.insert(configs(draw_chaos_faults(s, seed, builtin_checks())));
  EXPECT_GT(distinct.size(), 5u);
}

TEST(Chaos, DrawsOnlyHandledApplicableFaults) {
  Scenario s = library("baseline-kv.json");  // three instances, no cron surface
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    std::vector<FaultSpec> faults = draw_chaos_faults(s, seed, builtin_checks());
    ASSERT_FALSE(faults.empty()) << "seed " << seed;
    for (const FaultSpec& f : faults) {
      const FaultKind* kind = find_fault_kind(f.kind);
      ASSERT_NE(kind, nullptr);
      EXPECT_EQ(kind->fault_class, FaultClass::kHandled) << f.kind;
      EXPECT_NE(f.kind, "cron_at_start") << "the scenario has no cron surface";
    }
  }
}

// A restart drawn for the window ends inside it, so the instance must come
// up read-only; a skew stays within skew_tolerance (1 s).
TEST(Chaos, DrawnParametersStayHandled) {
  Scenario s = library("baseline-kv.json");
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    for (const FaultSpec& f : draw_chaos_faults(s, seed, builtin_checks())) {
      if (f.kind == "instance_restart") {
        EXPECT_GE(f.at, s.window.start);
        EXPECT_LT(f.at + f.length, s.window.end);
      }
      if (f.kind == "clock_skew") {
        EXPECT_LT(f.offset < 0 ? -f.offset : f.offset, kMicrosPerSecond);
      }
    }
  }
}

TEST(Chaos, SingleInstanceGetsNoRestart) {
  Scenario s = library("baseline-kv.json");
  s.deployment.instances = 1;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    for (const FaultSpec& f : draw_chaos_faults(s, seed, builtin_checks())) {
      EXPECT_NE(f.kind, "instance_restart");
    }
  }
}

TEST(Chaos, RunIsByteIdenticalForOneSeed) {
  Scenario s = library("baseline-kv.json");
  RunOutput a = run_scenario(s, 21, builtin_checks(), {}, true);
  RunOutput b = run_scenario(s, 21, builtin_checks(), {}, true);
  EXPECT_EQ(history_bytes(a.history), history_bytes(b.history));
  EXPECT_FALSE(a.history.header().faults.empty());
  EXPECT_TRUE(a.result.met());
}

// The drawn faults go into the history as fault_injected events and into
// the header, and a plain run of the same seed injects none.
TEST(Chaos, FaultsAreRecorded) {
  Scenario s = library("baseline-kv.json");
  RunOutput chaos = run_scenario(s, 21, builtin_checks(), {}, true);
  RunOutput plain = run_scenario(s, 21, builtin_checks(), {});
  std::size_t drawn = draw_chaos_faults(s, 21, builtin_checks()).size();
  EXPECT_EQ(chaos.history.header().faults.size(), drawn);
  EXPECT_TRUE(plain.history.header().faults.empty());

  std::size_t injected = 0;
  for (const Event& e : chaos.history.events()) injected += std::holds_alternative<ev::FaultInjected>(e.body);
  EXPECT_GE(injected, drawn);
  for (const Event& e : plain.history.events()) {
    EXPECT_FALSE(std::holds_alternative<ev::FaultInjected>(e.body));
  }
}

TEST(Chaos, ReproduceCommandCarriesChaos) {
  Scenario s = library("baseline-kv.json");
  RunOutput out = run_scenario(s, 3, builtin_checks(), {"retry_after_empty"}, true);
  EXPECT_EQ(out.result.reproduce,
            "freezedrill run scenarios/baseline-kv.json --seed 3 --defect retry_after_empty --chaos");
}

// cron_at_start: the cron fires at S after the flip, checks the flag, sees
// it on and starts no unit.
TEST(Chaos, CronFiringAtStartReturnsEarly) {
  Scenario s = library("baseline-background.json");
  std::string cron;
  for (const SurfaceSpec& spec : s.surfaces) {
    if (spec.kind == "cron") cron = spec.name;
  }
  ASSERT_FALSE(cron.empty());
  s.faults.push_back(read_fault_json({{"kind", "cron_at_start"}, {"surface", cron}}, s, "/faults/0"));
  RunOutput out = run_scenario(s, s.seed, builtin_checks(), {});

  const History& h = out.history;
  bool polled_at_start = false;
  for (const Event& e : h.events()) {
    if (e.t != s.window.start) continue;
    if (const auto* p = std::get_if<ev::FlagPolled>(&e.body)) {
      if (h.str(p->actor).substr(0, cron.size()) == cron) polled_at_start = polled_at_start || p->on;
    }
    EXPECT_FALSE(std::holds_alternative<ev::WorkStarted>(e.body));
  }
  EXPECT_TRUE(polled_at_start);
  EXPECT_TRUE(out.result.met());
}

}  // namespace
}  // namespace freezedrill
