#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fakes/defects/builtin_defects.h"
#include "fakes/deployment/reference_deployment.h"
#include "fakes/surfaces/surface.h"
#include "sim/runtime/sim_runtime.h"

namespace freezedrill {
namespace {

constexpr std::int64_t kEpoch = 1772330400;  // 2026-03-01T02:00:00Z
constexpr Micros kStart = 10 * kMicrosPerSecond;
constexpr Micros kEnd = 20 * kMicrosPerSecond;
constexpr Micros kDuration = 30 * kMicrosPerSecond;

constexpr Micros seconds(std::int64_t n) { return n * kMicrosPerSecond; }
constexpr Micros ms(std::int64_t n) { return n * kMicrosPerMilli; }

// One flip of the flag store by the operator.
struct Flip {
  Micros at;
  bool on;
};

const std::vector<Flip> kOneWindow = {{kStart, true}, {kEnd, false}};

SurfaceSpec surface(std::string kind, std::string name = "job") {
  SurfaceSpec spec;
  spec.kind = std::move(kind);
  spec.name = std::move(name);
  return spec;
}

// Runs background surfaces on a real reference deployment, flipping the
// flag store at the times in `flips`, and keeps the history.
class BackgroundRun {
 public:
  BackgroundRun(std::vector<SurfaceSpec> specs, std::vector<std::string> defects = {},
                std::vector<Flip> flips = kOneWindow, Micros duration = kDuration)
      : runtime_(7, kEpoch, history_) {
    scenario_.duration = duration;
    scenario_.epoch_unix = kEpoch;
    scenario_.window.start = flips.front().at;
    scenario_.window.end = flips.back().at;
    scenario_.deployment.instances = 2;
    scenario_.deployment.endpoints = {{"get_kv", "GET", "/kv/{key}", false, "", false}};
    scenario_.deployment.defects = std::move(defects);
    scenario_.surfaces = std::move(specs);
    deployment_ = std::make_unique<ReferenceDeployment>(runtime_, scenario_.deployment, scenario_.window);

    SurfaceContext context{runtime_, *deployment_, *deployment_, scenario_};
    for (const SurfaceSpec& spec : scenario_.surfaces) {
      for (auto& s : find_surface_kind(spec.kind)->make(spec, context)) surfaces_.push_back(std::move(s));
    }
    for (const Flip& flip : flips) {
      runtime_.schedule_at(flip.at, Runtime::Lane::kControl, [this, flip] { deployment_->set_flag(flip.on, "operator"); });
    }
    for (auto& s : surfaces_) s->start();
    runtime_.run_until(duration);
  }

  template <typename Body>
  std::vector<std::pair<Micros, Body>> events() const {
    std::vector<std::pair<Micros, Body>> found;
    for (const Event& e : history_.events()) {
      if (const auto* body = std::get_if<Body>(&e.body)) found.emplace_back(e.t, *body);
    }
    return found;
  }

  // The actor's own flag polls (guard reads excluded).
  std::vector<std::pair<Micros, ev::FlagPolled>> polls(std::string_view actor) const {
    std::vector<std::pair<Micros, ev::FlagPolled>> found;
    for (const auto& [t, p] : events<ev::FlagPolled>()) {
      if (!p.guard && str(p.actor) == actor) found.emplace_back(t, p);
    }
    return found;
  }

  std::vector<Micros> times_of_starts() const {
    std::vector<Micros> times;
    for (const auto& [t, w] : events<ev::WorkStarted>()) times.push_back(t);
    return times;
  }

  std::vector<std::pair<Micros, ev::MutationApplied>> protected_writes() const {
    std::vector<std::pair<Micros, ev::MutationApplied>> found;
    for (const auto& [t, m] : events<ev::MutationApplied>()) {
      if (m.role == SinkRole::kProtected) found.emplace_back(t, m);
    }
    return found;
  }

  std::string_view str(StrId id) const { return history_.str(id); }
  const std::vector<std::unique_ptr<Surface>>& surfaces() const { return surfaces_; }

 private:
  Scenario scenario_;
  History history_;
  SimRuntime runtime_;
  std::unique_ptr<ReferenceDeployment> deployment_;
  std::vector<std::unique_ptr<Surface>> surfaces_;
};

template <typename T>
std::size_t count_in(const std::vector<std::pair<Micros, T>>& events, Micros from, Micros to) {
  std::size_t n = 0;
  for (const auto& [t, e] : events) {
    if (t >= from && t < to) ++n;
  }
  return n;
}

std::size_t count_in(const std::vector<Micros>& times, Micros from, Micros to) {
  std::size_t n = 0;
  for (Micros t : times) {
    if (t >= from && t < to) ++n;
  }
  return n;
}

// True when every work_started has a flag poll by the same actor at the same
// instant, recorded just before it, that found the flag off.
testing::AssertionResult EveryUnitFollowsPassingCheck(const BackgroundRun& run) {
  std::size_t units = 0;
  std::vector<std::pair<Micros, ev::FlagPolled>> polls = run.events<ev::FlagPolled>();
  for (const auto& [t, work] : run.events<ev::WorkStarted>()) {
    ++units;
    bool found = false;
    for (const auto& [pt, p] : polls) {
      if (pt == t && !p.guard && !p.on && p.actor == work.actor) found = true;
    }
    if (!found) {
      return testing::AssertionFailure() << "unit " << work.unit_id << " of " << run.str(work.actor) << " at "
                                         << format_seconds(t) << " has no passing flag check at that instant";
    }
  }
  if (units == 0) return testing::AssertionFailure() << "no unit of work started";
  return testing::AssertionSuccess();
}

// --- vector_upsert -----------------------------------------------------------

SurfaceSpec upserter() {
  SurfaceSpec spec = surface("vector_upsert", "upserter");
  spec.rate = Rate{20, 1};
  spec.keys = 5;
  spec.instance = 1;
  return spec;
}

TEST(VectorUpsert, WritesVectorsOutsideWindowOnly) {
  BackgroundRun run({upserter()});
  auto writes = run.protected_writes();

  EXPECT_GT(count_in(writes, 0, kStart), 0u);
  EXPECT_EQ(count_in(writes, kStart, kEnd), 0u);
  EXPECT_GT(count_in(writes, kEnd, kDuration), 0u);
  for (const auto& [t, m] : writes) {
    EXPECT_EQ(run.str(m.sink), "vectors");
    EXPECT_EQ(run.str(m.mutation), "upsert");
    EXPECT_EQ(run.str(m.origin), "upserter");
    EXPECT_EQ(m.instance, 1);
    EXPECT_EQ(run.str(m.key).substr(0, 4), "vec-");
  }
}

TEST(VectorUpsert, GuardRefusesInWindow) {
  BackgroundRun run({upserter()});
  auto refusals = run.events<ev::FlagPolled>();

  ASSERT_FALSE(refusals.empty());
  for (const auto& [t, p] : refusals) {
    EXPECT_TRUE(p.guard);
    EXPECT_EQ(run.str(p.actor), "service");
    EXPECT_GE(t, kStart);
    EXPECT_LT(t, kEnd);
  }
}

// --- embedding_backfill ------------------------------------------------------

SurfaceSpec backfill(int batch = 8, std::int64_t documents = 10000) {
  SurfaceSpec spec = surface("embedding_backfill", "backfill");
  spec.backfill.batch = batch;
  spec.backfill.every = 2 * kMicrosPerSecond;
  spec.backfill.embed_latency = 50 * kMicrosPerMilli;
  spec.backfill.documents = documents;
  return spec;
}

TEST(Backfill, ChecksFlagEveryInterval) {
  BackgroundRun run({backfill()});
  auto polls = run.polls("backfill");

  ASSERT_EQ(polls.size(), 14u);  // 2 s, 4 s, ..., 28 s
  for (std::size_t i = 0; i < polls.size(); ++i) {
    Micros t = polls[i].first;
    EXPECT_EQ(t, static_cast<Micros>(i + 1) * 2 * kMicrosPerSecond);
    EXPECT_EQ(polls[i].second.on, t >= kStart && t < kEnd);
    EXPECT_TRUE(polls[i].second.from_store);
    EXPECT_EQ(polls[i].second.instance, kNoInstance);
  }
}

TEST(Backfill, ChecksFlagBeforeEveryBatch) {
  BackgroundRun run({backfill()});
  EXPECT_TRUE(EveryUnitFollowsPassingCheck(run));
}

TEST(Backfill, StartsNoBatchWhileFlagIsOn) {
  BackgroundRun run({backfill()});
  std::vector<Micros> starts = run.times_of_starts();

  EXPECT_EQ(count_in(starts, kStart, kEnd), 0u);
  EXPECT_EQ(count_in(starts, 0, kStart), 4u);         // 2, 4, 6, 8 s
  EXPECT_EQ(count_in(starts, kEnd, kDuration), 5u);   // 20, 22, ..., 28 s
  EXPECT_EQ(count_in(run.protected_writes(), kStart, kEnd), 0u);
}

TEST(Backfill, UpsertsBatchAfterEmbedLatency) {
  BackgroundRun run({backfill(8)});
  auto writes = run.protected_writes();
  auto finished = run.events<ev::WorkFinished>();

  ASSERT_GE(writes.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(writes[i].first, ms(2050));
    EXPECT_EQ(run.str(writes[i].second.key), "doc-" + std::to_string(i));
    EXPECT_EQ(run.str(writes[i].second.sink), "vectors");
    EXPECT_EQ(run.str(writes[i].second.origin), "backfill");
    EXPECT_EQ(writes[i].second.request_id, 0u);
  }
  ASSERT_FALSE(finished.empty());
  EXPECT_EQ(finished[0].first, ms(2050));
  EXPECT_EQ(run.str(finished[0].second.unit), "batch");
  EXPECT_EQ(run.str(finished[0].second.outcome), "done");
}

TEST(Backfill, StopsWhenBacklogIsDone) {
  BackgroundRun run({backfill(32, 100)});
  auto started = run.events<ev::WorkStarted>();

  EXPECT_EQ(started.size(), 4u);
  EXPECT_EQ(run.protected_writes().size(), 100u);
  EXPECT_EQ(run.polls("backfill").size(), 4u);
  EXPECT_EQ(run.str(run.protected_writes().back().second.key), "doc-99");
}

TEST(Backfill, CheckOnceDefectBatchesInWindow) {
  BackgroundRun run({backfill()}, {"backfill_checks_flag_once"});

  EXPECT_EQ(run.polls("backfill").size(), 1u);
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 5u);
  EXPECT_GT(count_in(run.protected_writes(), kStart, kEnd), 0u);
}

// --- cron --------------------------------------------------------------------

SurfaceSpec interval_cron(Micros every, int writes = 4) {
  SurfaceSpec spec = surface("cron", "cron");
  spec.cron.schedule.every = every;
  spec.cron.writes = writes;
  spec.cron.job_duration = kMicrosPerSecond;
  return spec;
}

SurfaceSpec expression_cron(const std::string& expression) {
  SurfaceSpec spec = interval_cron(0);
  spec.cron.schedule.every.reset();
  spec.cron.schedule.expression = CronExpression::parse(expression).expression;
  return spec;
}

TEST(Cron, ChecksFlagAtEveryFire) {
  BackgroundRun run({interval_cron(5 * kMicrosPerSecond)});
  auto polls = run.polls("cron");

  ASSERT_EQ(polls.size(), 5u);  // 5, 10, 15, 20, 25 s
  EXPECT_FALSE(polls[0].second.on);
  EXPECT_TRUE(polls[1].second.on);
  EXPECT_TRUE(polls[2].second.on);
  EXPECT_FALSE(polls[3].second.on);
  EXPECT_EQ(run.times_of_starts(), (std::vector<Micros>{seconds(5), seconds(20), seconds(25)}));
  EXPECT_TRUE(EveryUnitFollowsPassingCheck(run));
}

TEST(Cron, JobSpreadsWritesOverDuration) {
  BackgroundRun run({interval_cron(5 * kMicrosPerSecond, 4)});
  auto writes = run.protected_writes();
  auto finished = run.events<ev::WorkFinished>();

  ASSERT_GE(writes.size(), 4u);
  EXPECT_EQ(writes[0].first, seconds(5));
  EXPECT_EQ(writes[1].first, ms(5250));
  EXPECT_EQ(writes[2].first, ms(5500));
  EXPECT_EQ(writes[3].first, ms(5750));
  EXPECT_EQ(run.str(writes[0].second.sink), "kv");
  EXPECT_EQ(run.str(writes[0].second.origin), "cron");
  EXPECT_EQ(run.str(writes[0].second.key), "cron-1-0");
  ASSERT_FALSE(finished.empty());
  EXPECT_EQ(finished[0].first, seconds(6));
  EXPECT_EQ(run.str(finished[0].second.unit), "job");
}

TEST(Cron, NoWritesInWindow) {
  BackgroundRun run({interval_cron(kMicrosPerSecond)});
  EXPECT_EQ(count_in(run.protected_writes(), kStart, kEnd), 0u);
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 0u);
}

TEST(Cron, ExpressionFiresAtMatchingSeconds) {
  BackgroundRun run({expression_cron("*/7 * * * * *")});
  std::vector<Micros> poll_times;
  for (const auto& [t, p] : run.polls("cron")) poll_times.push_back(t);

  EXPECT_EQ(poll_times, (std::vector<Micros>{seconds(7), seconds(14), seconds(21), seconds(28)}));
  EXPECT_EQ(run.times_of_starts(), (std::vector<Micros>{seconds(7), seconds(21), seconds(28)}));
}

TEST(Cron, EachEntryPointChecksFlag) {
  SurfaceSpec spec = expression_cron("15 0 2 * * *");  // once, at 02:00:15 = S + 5 s
  spec.name = "nightly";
  spec.cron.entry_points = {"scheduler", "http_trigger"};
  BackgroundRun run({spec});

  ASSERT_EQ(run.surfaces().size(), 2u);
  EXPECT_EQ(run.surfaces()[0]->name(), "nightly/scheduler");
  EXPECT_EQ(run.surfaces()[1]->name(), "nightly/http_trigger");
  for (std::string_view actor : {"nightly/scheduler", "nightly/http_trigger"}) {
    auto polls = run.polls(actor);
    ASSERT_EQ(polls.size(), 1u) << actor;
    EXPECT_EQ(polls[0].first, seconds(15));
    EXPECT_TRUE(polls[0].second.on);
  }
  EXPECT_TRUE(run.times_of_starts().empty());
  EXPECT_TRUE(run.protected_writes().empty());
}

TEST(Cron, IgnoresFlagDefectWritesInWindow) {
  SurfaceSpec spec = expression_cron("15 0 2 * * *");
  spec.cron.entry_points = {"scheduler", "http_trigger"};
  BackgroundRun run({spec}, {"cron_ignores_flag"});

  EXPECT_TRUE(run.events<ev::FlagPolled>().empty());
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 2u);
  EXPECT_EQ(count_in(run.protected_writes(), kStart, kEnd), 8u);
}

// --- worker ------------------------------------------------------------------

SurfaceSpec worker(int backlog = 0) {
  SurfaceSpec spec = surface("worker", "worker");
  spec.worker.poll = kMicrosPerSecond;
  spec.worker.job_duration = 200 * kMicrosPerMilli;
  spec.worker.backlog = backlog;
  spec.worker.restart_base = kMicrosPerSecond;
  spec.worker.restart_cap = 10 * kMicrosPerSecond;
  return spec;
}

std::vector<std::pair<Micros, std::uint32_t>> starts_of(const BackgroundRun& run) {
  std::vector<std::pair<Micros, std::uint32_t>> starts;
  for (const auto& [t, w] : run.events<ev::WorkerStarted>()) starts.emplace_back(t, w.restart);
  return starts;
}

TEST(Worker, ExitsOnFlagAndSupervisorBacksOff) {
  const std::vector<Flip> long_window = {{kStart, true}, {60 * kMicrosPerSecond, false}};
  BackgroundRun run({worker()}, {}, long_window, 90 * kMicrosPerSecond);

  // Exits at 10 s, then restarts after 1, 2, 4, 8 s and at the 10 s cap.
  std::vector<std::pair<Micros, std::uint32_t>> expected = {
      {0, 0},           {seconds(11), 1}, {seconds(13), 2}, {seconds(17), 3}, {seconds(25), 4},
      {seconds(35), 5}, {seconds(45), 6}, {seconds(55), 7}, {seconds(65), 8}};
  EXPECT_EQ(starts_of(run), expected);
}

TEST(Worker, EachStartChecksFlagAtOnce) {
  BackgroundRun run({worker()});
  auto polls = run.polls("worker");

  for (const auto& [t, w] : run.events<ev::WorkerStarted>()) {
    EXPECT_EQ(count_in(polls, t, t + 1), 1u) << format_seconds(t);
  }
}

TEST(Worker, BackoffResetsAfterJob) {
  const std::vector<Flip> two_windows = {
      {kStart, true}, {kEnd, false}, {40 * kMicrosPerSecond, true}, {50 * kMicrosPerSecond, false}};
  BackgroundRun run({worker(100)}, {}, two_windows, 60 * kMicrosPerSecond);

  std::vector<std::pair<Micros, std::uint32_t>> expected = {
      {0, 0},           {seconds(11), 1}, {seconds(13), 2}, {seconds(17), 3}, {seconds(25), 4},
      {seconds(41), 5}, {seconds(43), 6}, {seconds(47), 7}, {seconds(55), 8}};
  EXPECT_EQ(starts_of(run), expected);
}

TEST(Worker, ChecksFlagBeforeEveryJob) {
  BackgroundRun run({worker(100)});
  auto writes = run.protected_writes();

  EXPECT_TRUE(EveryUnitFollowsPassingCheck(run));
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 0u);
  EXPECT_EQ(count_in(writes, kStart, kEnd), 0u);
  ASSERT_FALSE(writes.empty());
  EXPECT_EQ(run.str(writes[0].second.sink), "vectors");
  EXPECT_EQ(run.str(writes[0].second.key), "worker-job-1");
  EXPECT_EQ(writes[0].first, ms(200));
}

TEST(Worker, ProducerAddsJobsInItsSpan) {
  SurfaceSpec spec = worker();
  spec.worker.produce_rate = Rate{1, 1};
  spec.worker.produce_from = 2 * kMicrosPerSecond;
  spec.worker.produce_until = 5 * kMicrosPerSecond;
  spec.fixed_arrivals = true;
  BackgroundRun run({spec});

  EXPECT_EQ(run.events<ev::WorkFinished>().size(), 3u);
}

TEST(Worker, BacklogDrainsAfterWindow) {
  SurfaceSpec spec = worker();
  spec.worker.produce_rate = Rate{1, 1};
  spec.worker.produce_from = kStart;
  spec.worker.produce_until = kEnd;
  spec.fixed_arrivals = true;
  BackgroundRun run({spec}, {}, kOneWindow, 40 * kMicrosPerSecond);
  auto finished = run.events<ev::WorkFinished>();

  // The supervisor restarts the worker at 11, 13, 17 and 25 s. From 25 s on
  // the worker takes one job per poll.
  ASSERT_EQ(finished.size(), 10u);
  for (const auto& [t, f] : finished) EXPECT_GE(t, kEnd);
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 0u);
}

TEST(Worker, NeverRechecksDefectTakesJobsInWindow) {
  BackgroundRun run({worker(100)}, {"worker_never_rechecks"});

  EXPECT_EQ(run.polls("worker").size(), 1u);
  EXPECT_EQ(run.events<ev::WorkerStarted>().size(), 1u);
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 10u);
  EXPECT_EQ(count_in(run.protected_writes(), kStart, kEnd), 10u);
}

TEST(Worker, BusyLoopDefectRestartsFiftyTimesASecond) {
  BackgroundRun run({worker()}, {"supervisor_busy_loop"});
  auto starts = run.events<ev::WorkerStarted>();
  auto polls = run.polls("worker");

  EXPECT_EQ(count_in(starts, kStart, kStart + kMicrosPerSecond), 49u);  // 10.02 s to 10.98 s
  EXPECT_EQ(count_in(polls, kStart, kStart + kMicrosPerSecond), 50u);   // 10.00 s to 10.98 s
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 0u);
  EXPECT_EQ(count_in(run.protected_writes(), kStart, kEnd), 0u);
}

TEST(Worker, CorrectLoopStaysUnderTenChecksASecond) {
  BackgroundRun run({worker(100)});
  auto polls = run.polls("worker");
  auto starts = run.events<ev::WorkerStarted>();

  for (Micros t = 0; t < kDuration; t += 100 * kMicrosPerMilli) {
    std::size_t ticks = count_in(polls, t, t + kMicrosPerSecond) + count_in(starts, t, t + kMicrosPerSecond);
    EXPECT_LE(ticks, 10u) << format_seconds(t);
  }
}

// --- defect catalogue --------------------------------------------------------

TEST(BackgroundDefects, DeclareExactChecksAndSurfaces) {
  const DefectCatalogue& c = builtin_defects();
  const std::vector<std::string> drains_and_leak = {"drains", "no_write_leak"};
  ASSERT_NE(c.find("cron_ignores_flag"), nullptr);
  ASSERT_NE(c.find("backfill_checks_flag_once"), nullptr);
  ASSERT_NE(c.find("worker_never_rechecks"), nullptr);
  ASSERT_NE(c.find("supervisor_busy_loop"), nullptr);

  EXPECT_EQ(c.find("cron_ignores_flag")->checks, drains_and_leak);
  EXPECT_EQ(c.find("cron_ignores_flag")->surfaces, std::vector<std::string>{"cron"});
  EXPECT_EQ(c.find("backfill_checks_flag_once")->checks, drains_and_leak);
  EXPECT_EQ(c.find("backfill_checks_flag_once")->surfaces, std::vector<std::string>{"embedding_backfill"});
  EXPECT_EQ(c.find("worker_never_rechecks")->checks, drains_and_leak);
  EXPECT_EQ(c.find("worker_never_rechecks")->surfaces, std::vector<std::string>{"worker"});
  EXPECT_EQ(c.find("supervisor_busy_loop")->checks, std::vector<std::string>{"drains"});
  EXPECT_EQ(c.find("supervisor_busy_loop")->surfaces, std::vector<std::string>{"worker"});
}

TEST(BackgroundDefects, UseBackgroundBaseline) {
  for (const char* name : {"cron_ignores_flag", "backfill_checks_flag_once", "worker_never_rechecks",
                           "supervisor_busy_loop"}) {
    const DefectEntry* e = builtin_defects().find(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->baseline, "scenarios/baseline-background.json") << name;
  }
}

// --- tool_call ---------------------------------------------------------------

SurfaceSpec agent(double side_effects) {
  SurfaceSpec spec = surface("tool_call", "agent");
  spec.rate = Rate{4, 1};
  spec.tool_call.side_effects = side_effects;
  spec.tool_call.read_endpoint = "get_kv";
  spec.tool_call.recheck = seconds(5);
  return spec;
}

std::vector<std::pair<Micros, ev::MutationApplied>> writes_to(const BackgroundRun& run, std::string_view sink) {
  std::vector<std::pair<Micros, ev::MutationApplied>> found;
  for (const auto& [t, m] : run.protected_writes()) {
    if (run.str(m.sink) == sink) found.emplace_back(t, m);
  }
  return found;
}

TEST(ToolCall, SideEffectsDeferredUntilAfterWindow) {
  BackgroundRun run({agent(1.0)});
  auto effects = writes_to(run, "side_effects");
  ASSERT_FALSE(effects.empty());
  EXPECT_EQ(count_in(effects, kStart, kEnd), 0u);
  EXPECT_GT(count_in(effects, kEnd, kDuration), 4u);  // the calls deferred in the window, caught up after E
  EXPECT_EQ(run.str(effects.front().second.mutation), "tool_side_effect");
  EXPECT_EQ(run.str(effects.front().second.origin), "agent");
}

TEST(ToolCall, DeferredCallsRunAtFirstRecheckAfterEnd) {
  BackgroundRun run({agent(1.0)});
  auto rechecks = run.polls("agent");
  ASSERT_FALSE(rechecks.empty());
  // Rechecks come every 5 s from the first deferred call; the first one after E finds the flag off.
  Micros first_off = kNoTime;
  for (const auto& [t, p] : rechecks) {
    if (!p.on && first_off == kNoTime) first_off = t;
  }
  ASSERT_NE(first_off, kNoTime);
  EXPECT_GE(first_off, kEnd);
  EXPECT_LT(first_off, kEnd + seconds(5));
  EXPECT_GT(count_in(writes_to(run, "side_effects"), first_off, first_off + 1), 4u);
}

TEST(ToolCall, CallChecksAreGuardReads) {
  BackgroundRun run({agent(1.0)});
  std::size_t guard_reads = 0;
  for (const auto& [t, p] : run.events<ev::FlagPolled>()) {
    if (p.guard && run.str(p.actor) == "agent") ++guard_reads;
  }
  EXPECT_GT(guard_reads, 10u);
  EXPECT_LT(run.polls("agent").size(), 5u);  // only the rechecks of deferred calls
}

TEST(ToolCall, ReadOnlyToolsKeepReadingInWindow) {
  BackgroundRun run({agent(0.0)});
  auto sent = run.events<ev::RequestSent>();
  auto received = run.events<ev::ResponseReceived>();
  ASSERT_LE(received.size(), sent.size());
  EXPECT_LE(sent.size() - received.size(), 1u);  // a read sent just before the run ends
  EXPECT_GT(count_in(sent, kStart, kEnd), 20u);
  for (const auto& [t, r] : sent) {
    EXPECT_FALSE(r.write);
    EXPECT_EQ(r.op_id, r.request_id);
    EXPECT_EQ(run.str(r.endpoint), "get_kv");
  }
  for (const auto& [t, r] : received) EXPECT_EQ(r.status, 404) << format_seconds(t);  // nothing stored, never refused
  EXPECT_TRUE(run.protected_writes().empty());
}

TEST(ToolCall, UnguardedDefectWritesInWindow) {
  BackgroundRun run({agent(1.0)}, {"tool_call_unguarded"});
  EXPECT_GT(count_in(writes_to(run, "side_effects"), kStart, kEnd), 10u);
  EXPECT_TRUE(run.polls("agent").empty());
}

// --- ingestion ---------------------------------------------------------------

SurfaceSpec feed() {
  SurfaceSpec spec = surface("ingestion", "feed");
  spec.ingestion.chunk = 5;
  spec.ingestion.every = seconds(1);
  spec.ingestion.chunk_duration = ms(500);
  spec.ingestion.documents = 1000;
  return spec;
}

TEST(Ingestion, NoChunkInWindowAndResumesAfter) {
  BackgroundRun run({feed()});
  EXPECT_TRUE(EveryUnitFollowsPassingCheck(run));
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 0u);
  EXPECT_EQ(count_in(run.times_of_starts(), 0, kStart), 10u);
  EXPECT_EQ(count_in(run.times_of_starts(), kEnd, kDuration), 10u);

  auto documents = writes_to(run, "documents");
  EXPECT_EQ(count_in(documents, kStart, kEnd), 0u);
  EXPECT_EQ(documents.size(), 100u);
  EXPECT_EQ(run.str(documents.front().second.key), "feed:feed-0");
  EXPECT_EQ(run.str(documents.front().second.mutation), "ingest");
}

TEST(Ingestion, ChunkWritesSpreadOverItsDuration) {
  BackgroundRun run({feed()});
  auto documents = writes_to(run, "documents");
  ASSERT_GE(documents.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(documents[i].first, ms(100) * static_cast<Micros>(i));
}

TEST(Ingestion, NotDrainedDefectTakesChunksInWindow) {
  BackgroundRun run({feed()}, {"ingestion_not_drained"});
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 10u);
  EXPECT_GT(count_in(writes_to(run, "documents"), kStart, kEnd), 0u);
  EXPECT_EQ(run.polls("feed").size(), 1u);
}

// --- compaction and migration --------------------------------------------------

SurfaceSpec stepped(std::string kind, std::string name) {
  SurfaceSpec spec = surface(std::move(kind), std::move(name));
  spec.stepped.steps = 100;
  spec.stepped.step = ms(700);
  spec.stepped.poll = seconds(1);
  return spec;
}

TEST(CheckpointedJob, StepInFlightAtStartPausesAtCheckpoint) {
  BackgroundRun run({stepped("compaction", "compactor")});
  std::vector<std::pair<Micros, ev::WorkFinished>> paused;
  for (const auto& [t, f] : run.events<ev::WorkFinished>()) {
    if (run.str(f.outcome) == "paused") paused.emplace_back(t, f);
  }
  ASSERT_EQ(paused.size(), 1u);
  // Steps end at 0.7 s, 1.4 s, ...; the one started at 9.8 s reaches its checkpoint at 10.5 s.
  EXPECT_EQ(paused[0].first, ms(10500));
  EXPECT_EQ(run.str(paused[0].second.unit), "compaction");
  EXPECT_EQ(count_in(run.protected_writes(), kStart, kEnd), 0u);
  EXPECT_EQ(count_in(run.times_of_starts(), kStart, kEnd), 0u);
  EXPECT_TRUE(EveryUnitFollowsPassingCheck(run));
}

TEST(CheckpointedJob, ResumesPausedStepAfterWindow) {
  BackgroundRun run({stepped("migration", "schema")});
  auto writes = run.protected_writes();
  // Steps 0 to 13 commit before S (the last at 9.8 s), and step 14 pauses.
  ASSERT_EQ(count_in(writes, 0, kStart), 14u);
  // The poll at 20.5 s finds the flag off and starts step 14 again; it commits at 21.2 s.
  std::vector<std::pair<Micros, ev::MutationApplied>> after = writes;
  after.erase(after.begin(), after.begin() + 14);
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after[0].first, ms(21200));
  EXPECT_EQ(run.str(after[0].second.key), "migration:schema-14");
  EXPECT_EQ(run.str(after[0].second.mutation), "migrate");
  for (const auto& [t, w] : run.events<ev::WorkStarted>()) EXPECT_EQ(run.str(w.unit), "migration_step");
}

TEST(CheckpointedJob, StopsAfterLastStep) {
  SurfaceSpec spec = stepped("compaction", "compactor");
  spec.stepped.steps = 3;
  BackgroundRun run({spec});
  EXPECT_EQ(run.protected_writes().size(), 3u);
  EXPECT_EQ(run.times_of_starts().size(), 3u);
  EXPECT_EQ(run.polls("compactor").size(), 4u);  // before the first step and at each checkpoint
}

TEST(CheckpointedJob, CompactionDefectNeverChecks) {
  BackgroundRun run({stepped("compaction", "compactor")}, {"compaction_not_paused"});
  EXPECT_TRUE(run.polls("compactor").empty());
  EXPECT_GT(count_in(run.times_of_starts(), kStart, kEnd), 10u);
  EXPECT_GT(count_in(run.protected_writes(), kStart, kEnd), 10u);
}

TEST(CheckpointedJob, MigrationDefectChecksOnceAtStart) {
  BackgroundRun run({stepped("migration", "schema")}, {"migration_not_paused"});
  ASSERT_EQ(run.polls("schema").size(), 1u);
  EXPECT_EQ(run.polls("schema")[0].first, 0);
  EXPECT_GT(count_in(run.protected_writes(), kStart, kEnd), 10u);
}

TEST(LongRunningDefects, DeclareExactChecksAndBaseline) {
  const DefectCatalogue& c = builtin_defects();
  const std::vector<std::string> drains_and_leak = {"drains", "no_write_leak"};
  struct Expected {
    const char* name;
    const char* surface;
    std::vector<std::string> checks;
  };
  const std::vector<Expected> expected = {
      {"tool_call_unguarded", "tool_call", {"no_write_leak"}},
      {"ingestion_not_drained", "ingestion", drains_and_leak},
      {"compaction_not_paused", "compaction", drains_and_leak},
      {"migration_not_paused", "migration", drains_and_leak},
  };
  for (const Expected& e : expected) {
    const DefectEntry* entry = c.find(e.name);
    ASSERT_NE(entry, nullptr) << e.name;
    EXPECT_EQ(entry->checks, e.checks) << e.name;
    EXPECT_EQ(entry->surfaces, std::vector<std::string>{e.surface}) << e.name;
    EXPECT_EQ(entry->baseline, "scenarios/baseline-long-running.json") << e.name;
  }
}

}  // namespace
}  // namespace freezedrill
