#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "fakes/deployment/reference_deployment.h"
#include "fakes/surfaces/kv_writer.h"
#include "sim/runtime/sim_runtime.h"

namespace freezedrill {
namespace {

constexpr std::int64_t kEpoch = 1772330400;  // 2026-03-01T02:00:00Z
constexpr Micros kStart = 3 * kMicrosPerSecond;
constexpr Micros kEnd = 6 * kMicrosPerSecond;
constexpr Micros kDuration = 10 * kMicrosPerSecond;

Scenario writer_scenario(bool fixed_arrivals) {
  Scenario s;
  s.duration = kDuration;
  s.window.start = kStart;
  s.window.end = kEnd;
  s.deployment.instances = 2;
  s.deployment.flag_propagation = 200 * kMicrosPerMilli;

  SurfaceSpec writer;
  writer.kind = "kv_writer";
  writer.name = "writer";
  writer.rate = Rate{20, 1};
  writer.keys = 5;
  writer.instance = 1;
  writer.fixed_arrivals = fixed_arrivals;
  s.surfaces.push_back(writer);
  return s;
}

// One applied mutation or refused put, as (time, event kind, key).
using Trace = std::vector<std::tuple<Micros, std::size_t, std::string>>;

// Runs one writer through a window [kStart, kEnd) on the reference
// deployment and keeps the history.
class WriterRun {
 public:
  explicit WriterRun(std::uint64_t seed, bool fixed_arrivals = false)
      : scenario_(writer_scenario(fixed_arrivals)),
        runtime_(seed, kEpoch, history_),
        deployment_(runtime_, scenario_.deployment, scenario_.window) {
    SurfaceContext context{runtime_, deployment_, deployment_, scenario_};
    writers_ = make_kv_writers(scenario_.surfaces[0], context);
    runtime_.schedule_at(kStart, Runtime::Lane::kControl, [this] { deployment_.set_flag(true, "operator"); });
    runtime_.schedule_at(kEnd, Runtime::Lane::kControl, [this] { deployment_.set_flag(false, "operator"); });
    for (auto& writer : writers_) writer->start();
    runtime_.run_all();
  }

  std::vector<std::pair<Micros, ev::MutationApplied>> puts() const {
    std::vector<std::pair<Micros, ev::MutationApplied>> found;
    for (const Event& e : history_.events()) {
      const auto* m = std::get_if<ev::MutationApplied>(&e.body);
      if (m != nullptr && m->role == SinkRole::kProtected) found.emplace_back(e.t, *m);
    }
    return found;
  }

  std::vector<Micros> refusals() const {
    std::vector<Micros> found;
    for (const Event& e : history_.events()) {
      if (std::holds_alternative<ev::FlagPolled>(e.body)) found.push_back(e.t);
    }
    return found;
  }

  Trace trace() const {
    Trace t;
    for (const Event& e : history_.events()) {
      std::string key;
      if (const auto* m = std::get_if<ev::MutationApplied>(&e.body)) key = std::string(history_.str(m->key));
      t.emplace_back(e.t, e.body.index(), key);
    }
    return t;
  }

  std::string_view str(StrId id) const { return history_.str(id); }
  const std::vector<std::unique_ptr<Surface>>& writers() const { return writers_; }

 private:
  Scenario scenario_;
  History history_;
  SimRuntime runtime_;
  ReferenceDeployment deployment_;
  std::vector<std::unique_ptr<Surface>> writers_;
};

std::size_t count_in(const std::vector<std::pair<Micros, ev::MutationApplied>>& puts, Micros from, Micros to) {
  std::size_t n = 0;
  for (const auto& [t, m] : puts) {
    if (t >= from && t < to) ++n;
  }
  return n;
}

TEST(KvWriter, FactoryMakesOneNamedWriter) {
  WriterRun run(7);
  ASSERT_EQ(run.writers().size(), 1u);
  EXPECT_EQ(run.writers()[0]->name(), "writer");
}

TEST(KvWriter, PutsStopWhileFlagIsOn) {
  WriterRun run(7);
  auto puts = run.puts();

  EXPECT_GT(count_in(puts, 0, kStart), 0u);
  EXPECT_EQ(count_in(puts, kStart, kEnd), 0u);
  EXPECT_GT(count_in(puts, kEnd, kDuration), 0u);
}

TEST(KvWriter, RefusedPutsRecordServicePolls) {
  WriterRun run(7);
  std::vector<Micros> refusals = run.refusals();

  ASSERT_FALSE(refusals.empty());
  for (Micros t : refusals) {
    EXPECT_GE(t, kStart);
    EXPECT_LT(t, kEnd);
  }
}

TEST(KvWriter, PutsCarryWriterAndInstance) {
  WriterRun run(7);
  auto puts = run.puts();

  ASSERT_FALSE(puts.empty());
  for (const auto& [t, m] : puts) {
    EXPECT_EQ(run.str(m.origin), "writer");
    EXPECT_EQ(run.str(m.mutation), "put");
    EXPECT_EQ(run.str(m.sink), "kv");
    EXPECT_EQ(m.instance, 1);
    EXPECT_EQ(m.admitted_at, t);
    EXPECT_EQ(run.str(m.key).substr(0, 3), "kv-");
  }
}

TEST(KvWriter, KeysStayInKeySpace) {
  WriterRun run(7);
  for (const auto& [t, m] : run.puts()) {
    std::string_view key = run.str(m.key);
    EXPECT_TRUE(key == "kv-0" || key == "kv-1" || key == "kv-2" || key == "kv-3" || key == "kv-4") << key;
  }
}

TEST(KvWriter, StopsAtDuration) {
  WriterRun run(7);
  auto puts = run.puts();

  ASSERT_FALSE(puts.empty());
  EXPECT_LT(puts.back().first, kDuration);
}

TEST(KvWriter, FixedArrivalsAreEvenlySpaced) {
  WriterRun run(7, true);
  auto puts = run.puts();

  ASSERT_GE(puts.size(), 2u);
  EXPECT_EQ(puts[1].first - puts[0].first, 50 * kMicrosPerMilli);
}

TEST(KvWriter, SameSeedSameHistory) {
  WriterRun first(7);
  WriterRun second(7);

  EXPECT_EQ(first.trace(), second.trace());
}

TEST(KvWriter, OtherSeedOtherHistory) {
  WriterRun first(7);
  WriterRun second(8);

  EXPECT_NE(first.trace(), second.trace());
}

}  // namespace
}  // namespace freezedrill
