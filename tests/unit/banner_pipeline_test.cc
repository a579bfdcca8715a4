#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fakes/banner/banner_pipeline.h"
#include "sim/runtime/sim_runtime.h"

namespace freezedrill {
namespace {

constexpr std::int64_t kEpoch = 1772330400;  // 2026-03-01T02:00:00Z
constexpr Micros kSecond = kMicrosPerSecond;

// A pipeline on a SimRuntime whose steps run at chosen virtual times.
class BannerPipelineTest : public testing::Test {
 protected:
  BannerPipelineTest() : runtime_(1, kEpoch, history_) {}

  BannerPipeline& make(BannerDefects defects = {}) {
    pipeline_ = std::make_unique<BannerPipeline>(runtime_, policy_, defects);
    return *pipeline_;
  }

  // Runs `fn` at virtual time t, after every event before t.
  void at(Micros t, std::function<void()> fn) {
    runtime_.run_until(t);
    runtime_.schedule_at(t, Runtime::Lane::kControl, std::move(fn));
    runtime_.run_until(t + 1);
  }

  BannerAnswer fetch_at(Micros t) {
    BannerAnswer answer;
    at(t, [&] { answer = pipeline_->fetch(); });
    return answer;
  }

  std::vector<ev::BannerPurged> purges() const {
    std::vector<ev::BannerPurged> out;
    for (const Event& e : history_.events()) {
      if (const auto* p = std::get_if<ev::BannerPurged>(&e.body)) out.push_back(*p);
    }
    return out;
  }

  History history_;
  SimRuntime runtime_;
  BannerSpec policy_;
  std::unique_ptr<BannerPipeline> pipeline_;
};

TEST_F(BannerPipelineTest, CacheHitReportsAge) {
  make();
  EXPECT_EQ(fetch_at(0).cache_status, "miss");
  BannerAnswer answer = fetch_at(42 * kSecond + 999999);
  EXPECT_EQ(answer.cache_status, "hit");
  EXPECT_EQ(answer.age, 42);
  EXPECT_EQ(answer.cache_control, "public, max-age=0, s-maxage=300");
}

TEST_F(BannerPipelineTest, ExpiredCopyIsFetchedAgain) {
  make();
  fetch_at(0);
  EXPECT_EQ(fetch_at(300 * kSecond).cache_status, "miss");
}

TEST_F(BannerPipelineTest, PublishPurgesSoNextPollSeesIt) {
  BannerPipeline& banner = make();
  EXPECT_EQ(fetch_at(0).version, 0u);
  at(10 * kSecond, [&] { banner.announce(60 * kSecond, 240 * kSecond); });
  BannerAnswer answer = fetch_at(10 * kSecond + 1);
  EXPECT_EQ(answer.version, 1u);
  EXPECT_EQ(answer.cache_status, "miss");
}

TEST_F(BannerPipelineTest, WithoutPurgeOldVersionStays) {
  BannerPipeline& banner = make(BannerDefects{true, false, false, false, false});
  fetch_at(0);
  at(10 * kSecond, [&] { banner.announce(60 * kSecond, 240 * kSecond); });
  EXPECT_EQ(fetch_at(299 * kSecond).version, 0u);
  EXPECT_EQ(fetch_at(300 * kSecond).version, 1u);
  EXPECT_TRUE(purges().empty());
}

TEST_F(BannerPipelineTest, SoftPurgeServesStaleOnceWithinWindow) {
  policy_.purge = "soft";
  policy_.stale_while_revalidate = 30 * kSecond;
  BannerPipeline& banner = make();
  fetch_at(0);
  at(10 * kSecond, [&] { banner.announce(60 * kSecond, 240 * kSecond); });
  BannerAnswer stale = fetch_at(11 * kSecond);
  EXPECT_EQ(stale.cache_status, "stale");
  EXPECT_EQ(stale.version, 0u);
  EXPECT_EQ(fetch_at(12 * kSecond).version, 1u);
}

TEST_F(BannerPipelineTest, FailedPurgeIsRetriedUntilItSucceeds) {
  BannerPipeline& banner = make();
  fetch_at(0);
  at(10 * kSecond, [&] {
    banner.fail_purges_until(13 * kSecond);
    banner.announce(60 * kSecond, 240 * kSecond);
  });
  runtime_.run_until(20 * kSecond);
  std::vector<ev::BannerPurged> all = purges();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_FALSE(all[0].ok);
  EXPECT_FALSE(all[2].ok);
  EXPECT_TRUE(all[3].ok);
  EXPECT_EQ(fetch_at(20 * kSecond).version, 1u);
}

TEST_F(BannerPipelineTest, StatedTimeCarriesEpochOffset) {
  policy_.utc_offset_minutes = -330;
  BannerPipeline& banner = make();
  EXPECT_EQ(banner.stated_time(60 * kSecond), "2026-02-28T20:31:00-05:30");
}

TEST_F(BannerPipelineTest, InexactTimesDropOffsetAndSeconds) {
  BannerPipeline& banner = make(BannerDefects{false, true, false, false, false});
  EXPECT_EQ(banner.stated_time(61 * kSecond), "2026-03-01 02:01");
}

TEST(BannerCacheControl, ParsesDirectives) {
  CacheDirectives d = parse_cache_control("public, max-age=0, s-maxage=300 ,stale-while-revalidate=30");
  EXPECT_EQ(d.max_age, 0);
  EXPECT_EQ(d.s_maxage, 300);
  EXPECT_EQ(d.stale_while_revalidate, 30);
  EXPECT_FALSE(parse_cache_control("no-store").max_age.has_value());
  EXPECT_FALSE(parse_cache_control("max-age=-1").max_age.has_value());
}

}  // namespace
}  // namespace freezedrill
