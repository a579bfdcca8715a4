#include "sim/runtime/sim_runtime.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace freezedrill {
namespace {

using Lane = Runtime::Lane;

class SimRuntimeTest : public ::testing::Test {
 protected:
  // Schedules an event that appends `name` to the run order.
  void add(Micros t, Lane lane, std::string name) {
    runtime_.schedule_at(t, lane, [this, name] { order_.push_back(name); });
  }

  History history_;
  SimRuntime runtime_{7, 1772330400, history_};
  std::vector<std::string> order_;
};

TEST_F(SimRuntimeTest, EventsRunInTimeOrder) {
  add(30, Lane::kActor, "c");
  add(10, Lane::kActor, "a");
  add(20, Lane::kActor, "b");
  EXPECT_EQ(runtime_.run_all(), 3u);
  EXPECT_EQ(order_, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(runtime_.now(), 30);
}

TEST_F(SimRuntimeTest, TiesRunControlLaneFirst) {
  add(5, Lane::kActor, "actor1");
  add(5, Lane::kControl, "control1");
  add(5, Lane::kActor, "actor2");
  add(5, Lane::kControl, "control2");
  runtime_.run_all();
  EXPECT_EQ(order_, (std::vector<std::string>{"control1", "control2", "actor1", "actor2"}));
}

TEST_F(SimRuntimeTest, TiesKeepInsertionOrder) {
  for (int i = 0; i < 20; ++i) add(5, Lane::kActor, std::to_string(i));
  runtime_.run_all();
  ASSERT_EQ(order_.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(order_[i], std::to_string(i));
}

TEST_F(SimRuntimeTest, RunUntilStopsBeforeUntil) {
  add(9, Lane::kActor, "before");
  add(10, Lane::kActor, "at");
  add(11, Lane::kActor, "after");
  EXPECT_EQ(runtime_.run_until(10), 1u);
  EXPECT_EQ(order_, (std::vector<std::string>{"before"}));
  EXPECT_EQ(runtime_.now(), 10);
  EXPECT_EQ(runtime_.pending(), 2u);
}

TEST_F(SimRuntimeTest, RunUntilAdvancesIdleClock) {
  EXPECT_EQ(runtime_.run_until(500), 0u);
  EXPECT_EQ(runtime_.now(), 500);
}

TEST_F(SimRuntimeTest, CallbackCanSchedule) {
  runtime_.schedule_at(10, Lane::kActor, [this] {
    order_.push_back("first");
    runtime_.schedule_after(5, [this] { order_.push_back("second at " + std::to_string(runtime_.now())); });
    add(runtime_.now(), Lane::kActor, "same instant");
  });
  runtime_.run_all();
  EXPECT_EQ(order_, (std::vector<std::string>{"first", "same instant", "second at 15"}));
}

TEST_F(SimRuntimeTest, SchedulingInPastThrows) {
  runtime_.run_until(100);
  EXPECT_THROW(runtime_.schedule_at(99, Lane::kActor, [] {}), std::logic_error);
}

TEST_F(SimRuntimeTest, SchedulingAtNowAccepted) {
  runtime_.run_until(100);
  add(100, Lane::kActor, "now");
  runtime_.run_all();
  EXPECT_EQ(order_, (std::vector<std::string>{"now"}));
}

TEST_F(SimRuntimeTest, RecordUsesCurrentTime) {
  runtime_.schedule_at(42, Lane::kControl, [this] { runtime_.record(ev::PhaseChanged{Phase::kWindow}); });
  runtime_.run_all();
  ASSERT_EQ(history_.size(), 1u);
  EXPECT_EQ(history_.events()[0].t, 42);
}

TEST_F(SimRuntimeTest, StreamMatchesActorPrng) {
  Prng from_runtime = runtime_.stream("web#0");
  Prng direct = Prng::for_actor(7, "web#0");
  EXPECT_EQ(from_runtime.next(), direct.next());
}

}  // namespace
}  // namespace freezedrill
