// Throughput of the discrete-event loop: how many scheduled callbacks per
// second it runs, with a realistic heap depth.

#include <benchmark/benchmark.h>

#include "sim/history/history.h"
#include "sim/runtime/distributions.h"
#include "sim/runtime/sim_runtime.h"

namespace freezedrill {
namespace {

// `actors` self-rescheduling actors, each firing at exponential gaps, so the
// heap holds `actors` entries at all times, as a run with that many clients.
void BM_EventLoopSelfScheduling(benchmark::State& state) {
  const int actors = static_cast<int>(state.range(0));
  constexpr std::uint64_t kEventsPerIteration = 1'000'000;
  for (auto _ : state) {
    History history;
    SimRuntime rt(7, 0, history);
    std::uint64_t fired = 0;
    std::vector<Prng> streams;
    for (int i = 0; i < actors; ++i) streams.push_back(Prng::for_actor(7, "actor" + std::to_string(i)));

    std::function<void(int)> fire = [&](int i) {
      if (++fired >= kEventsPerIteration) return;
      rt.schedule_after(exponential_micros(streams[i], kMicrosPerSecond), [&fire, i] { fire(i); });
    };
    for (int i = 0; i < actors; ++i) rt.schedule_after(i, [&fire, i] { fire(i); });
    rt.run_all();
    benchmark::DoNotOptimize(fired);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kEventsPerIteration));
}
BENCHMARK(BM_EventLoopSelfScheduling)->Arg(1)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

// Scheduling cost alone: push a batch of timers, then drain it.
void BM_EventLoopScheduleDrain(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  for (auto _ : state) {
    History history;
    SimRuntime rt(7, 0, history);
    Prng rng(7);
    std::uint64_t sum = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      rt.schedule_at(uniform_int(rng, 0, kMicrosPerHour), Runtime::Lane::kActor, [&sum] { ++sum; });
    }
    rt.run_all();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_EventLoopScheduleDrain)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace freezedrill
