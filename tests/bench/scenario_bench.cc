// A whole run: simulate a one-hour window with 1,000 clients at 1 request/s
// and run every check, without exporting the history. Reports events per
// second and the history's in-memory size per event.

#include <benchmark/benchmark.h>

#include "fakes/defects/builtin_defects.h"
#include "sim/checks/check.h"
#include "sim/runner/runner.h"
#include "sim/scenario/loader.h"

namespace freezedrill {
namespace {

void BM_HourWindow1000Clients(benchmark::State& state) {
  ScenarioContext context{builtin_checks(), builtin_defects()};
  Scenario s = load_scenario_file(std::string(FREEZEDRILL_SOURCE_DIR) + "/tests/bench/data/hour-1000-clients.json",
                                  context);
  std::uint64_t events = 0;
  std::size_t strings = 0;
  bool met = false;
  for (auto _ : state) {
    RunOutput out = run_scenario(s, s.seed, builtin_checks(), {});
    events = out.history.size();
    strings = out.history.strings().size();
    met = out.result.met();
    benchmark::DoNotOptimize(out.result.checks.size());
  }
  state.counters["events"] = static_cast<double>(events);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["event_bytes"] = static_cast<double>(sizeof(Event));
  state.counters["interned_strings"] = static_cast<double>(strings);
  state.counters["met"] = met ? 1 : 0;
}
BENCHMARK(BM_HourWindow1000Clients)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
}  // namespace freezedrill
