// The runner on a library scenario: determinism in (scenario, seed), the
// header it records, and the control-first order at the flip.

#include <sstream>

#include <gtest/gtest.h>

#include "fakes/defects/builtin_defects.h"
#include "sim/history/jsonl.h"
#include "sim/runner/runner.h"
#include "sim/scenario/loader.h"

namespace freezedrill {
namespace {

Scenario baseline() {
  ScenarioContext context{builtin_checks(), builtin_defects()};
  return load_scenario_file(std::string(FREEZEDRILL_SOURCE_DIR) + "/scenarios/baseline-kv.json", context);
}

std::string history_bytes(const History& h) {
  std::ostringstream out;
  write_history_jsonl(h, out);
  return out.str();
}

TEST(Runner, SameSeedGivesIdenticalHistory) {
  Scenario s = baseline();
  RunOutput a = run_scenario(s, 7, builtin_checks(), {});
  RunOutput b = run_scenario(s, 7, builtin_checks(), {});
  ASSERT_GT(a.history.size(), 1000u);
  EXPECT_EQ(history_bytes(a.history), history_bytes(b.history));
}

TEST(Runner, OtherSeedGivesOtherHistory) {
  Scenario s = baseline();
  RunOutput a = run_scenario(s, 7, builtin_checks(), {});
  RunOutput b = run_scenario(s, 8, builtin_checks(), {});
  EXPECT_NE(history_bytes(a.history), history_bytes(b.history));
}

TEST(Runner, HeaderCarriesResolvedOptions) {
  Scenario s = baseline();
  HistoryHeader h = make_header(s, 11, builtin_checks());
  EXPECT_EQ(h.seed, 11u);
  EXPECT_EQ(h.start, 60 * kMicrosPerSecond);
  EXPECT_EQ(h.end, 120 * kMicrosPerSecond);
  EXPECT_EQ(h.scenario_hash, s.hash);
  ASSERT_TRUE(h.check_options.contains("write_status"));
  EXPECT_EQ(h.check_options["write_status"]["reenable_within"], "5s");
  EXPECT_EQ(h.check_options["no_write_leak"]["fence_grace"], "0s");
}

TEST(Runner, ReproduceCommandNamesSeedAndDefects) {
  Scenario s = baseline();
  s.source = "scenarios/baseline-kv.json";
  EXPECT_EQ(reproduce_command(s, 9, {"retry_after_empty"}),
            "freezedrill run scenarios/baseline-kv.json --seed 9 --defect retry_after_empty");
}

TEST(Runner, FlipRunsBeforeActorEventsAtStart) {
  Scenario s = baseline();
  RunOutput out = run_scenario(s, 7, builtin_checks(), {});
  bool seen_flag_set = false;
  for (const Event& e : out.history.events()) {
    if (e.t < s.window.start) continue;
    if (e.t > s.window.start) break;
    if (std::holds_alternative<ev::FlagSet>(e.body)) seen_flag_set = true;
    if (std::holds_alternative<ev::RequestSent>(e.body) || std::holds_alternative<ev::MutationApplied>(e.body)) {
      EXPECT_TRUE(seen_flag_set) << "an actor event at S ran before the flag was set";
    }
  }
  EXPECT_TRUE(seen_flag_set);
}

TEST(Runner, EventsAreInTimeOrder) {
  Scenario s = baseline();
  RunOutput out = run_scenario(s, 7, builtin_checks(), {});
  Micros last = 0;
  for (const Event& e : out.history.events()) {
    ASSERT_GE(e.t, last);
    last = e.t;
  }
  EXPECT_LT(last, s.duration);
}

TEST(Runner, CheckReproducesRunVerdicts) {
  ScenarioContext context{builtin_checks(), builtin_defects()};
  Scenario s = baseline();
  add_defects(s, {"mutation_unclassified"}, context);
  RunOutput out = run_scenario(s, 7, builtin_checks(), {"mutation_unclassified"});

  std::istringstream in(history_bytes(out.history));
  History reread = read_history_jsonl(in, "memory");
  ScenarioResult again = check_history(reread, builtin_checks(), "memory");
  ASSERT_EQ(again.checks.size(), out.result.checks.size());
  for (std::size_t i = 0; i < again.checks.size(); ++i) {
    EXPECT_EQ(again.checks[i].result.check, out.result.checks[i].result.check);
    EXPECT_EQ(again.checks[i].result.verdict, out.result.checks[i].result.verdict);
    EXPECT_EQ(again.checks[i].result.evidence_total, out.result.checks[i].result.evidence_total);
  }
  EXPECT_TRUE(again.met());
}

}  // namespace
}  // namespace freezedrill
