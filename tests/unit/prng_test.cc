#include "sim/runtime/prng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "sim/runtime/distributions.h"

namespace freezedrill {
namespace {

TEST(Prng, SameSeedAndActorSameSequence) {
  Prng a = Prng::for_actor(7, "web#0");
  Prng b = Prng::for_actor(7, "web#0");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next(), b.next());
}

TEST(Prng, DifferentActorsDiffer) {
  Prng a = Prng::for_actor(7, "web#0");
  Prng b = Prng::for_actor(7, "web#1");
  int equal = 0;
  for (int i = 0; i < 100; ++i) equal += a.next() == b.next() ? 1 : 0;
  EXPECT_EQ(equal, 0);
}

TEST(Prng, DifferentSeedsDiffer) {
  EXPECT_NE(Prng::for_actor(7, "web#0").next(), Prng::for_actor(8, "web#0").next());
}

// Pinned outputs, computed with an independent implementation of
// SplitMix64 seeding, 64-bit FNV-1a and xoshiro256**. A change here changes
// every recorded history, so it must be deliberate.
TEST(Prng, PinnedSequenceForSeed7) {
  Prng p = Prng::for_actor(7, "web#0");
  EXPECT_EQ(p.next(), 0x699b921cac0efe0dULL);
  EXPECT_EQ(p.next(), 0x3b29dfa6410647f9ULL);
  EXPECT_EQ(p.next(), 0x2c63ef93815bc5c9ULL);
}

TEST(Prng, PinnedFirstValueForSeed0) {
  // SplitMix64 from 0 gives the published state e220a8397b1dcdaf,
  // 6e789e6aa1b965f4, ...; the first xoshiro256** output follows from it.
  Prng p(0);
  EXPECT_EQ(p.next(), 0x99ec5f36cb75f2b4ULL);
}

TEST(UniformInt, StaysWithinBoundsAndReachesBoth) {
  Prng p(1);
  bool saw_lo = false;
  bool saw_hi = false;
  for (int i = 0; i < 10000; ++i) {
    std::int64_t v = uniform_int(p, -3, 4);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 4);
    saw_lo = saw_lo || v == -3;
    saw_hi = saw_hi || v == 4;
  }
  EXPECT_TRUE(saw_lo);
  EXPECT_TRUE(saw_hi);
}

TEST(UniformInt, EmptyRangeGivesLow) {
  Prng p(1);
  EXPECT_EQ(uniform_int(p, 5, 5), 5);
  EXPECT_EQ(uniform_int(p, 5, 2), 5);
}

TEST(UniformInt, FullRangeAccepted) {
  Prng p(1);
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t first = uniform_int(p, kMin, kMax);
  EXPECT_NE(first, uniform_int(p, kMin, kMax));
}

TEST(Uniform01, StaysInHalfOpenUnitInterval) {
  Prng p(3);
  for (int i = 0; i < 10000; ++i) {
    double u = uniform01(p);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(Bernoulli, ClampsProbability) {
  Prng p(3);
  EXPECT_FALSE(bernoulli(p, 0.0));
  EXPECT_FALSE(bernoulli(p, -1.0));
  EXPECT_TRUE(bernoulli(p, 1.0));
  EXPECT_TRUE(bernoulli(p, 2.0));
}

TEST(Exponential, MeanWithinLooseBand) {
  // The seed is fixed, so the outcome is too. The band of ±2 % is about six
  // standard errors of the mean over 100k draws and only catches a broken formula.
  Prng p = Prng::for_actor(11, "arrivals");
  constexpr Micros kMean = 1000000;
  constexpr int kDraws = 100000;
  double sum = 0.0;
  for (int i = 0; i < kDraws; ++i) sum += static_cast<double>(exponential_micros(p, kMean));
  double mean = sum / kDraws;
  EXPECT_GT(mean, 0.98 * kMean);
  EXPECT_LT(mean, 1.02 * kMean);
}

TEST(Exponential, AtLeastOneMicrosecond) {
  Prng p(5);
  for (int i = 0; i < 1000; ++i) ASSERT_GE(exponential_micros(p, 1), 1);
}

TEST(DeterministicLog, MatchesKnownValues) {
  struct Case {
    double x;
    double ln;
  };
  const Case cases[] = {{2.0, 0.6931471805599453},        {10.0, 2.302585092994046},
                        {0.001, -6.907755278982137},      {1e-300, -690.7755278982137},
                        {1e300, 690.7755278982137},       {123456.789, 11.723646487185881},
                        {0.5, -0.6931471805599453},       {2.718281828459045, 1.0}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.x);
    EXPECT_NEAR(deterministic_log(c.x), c.ln, std::fabs(c.ln) * 1e-14);
  }
}

TEST(DeterministicLog, OneIsZero) {
  EXPECT_EQ(deterministic_log(1.0), 0.0);
}

TEST(DeterministicLog, NonPositiveIsMinusInfinity) {
  EXPECT_EQ(deterministic_log(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(deterministic_log(-1.0), -std::numeric_limits<double>::infinity());
}

TEST(DeterministicLog, AgreesWithLibraryAcrossRange) {
  for (double x = 1e-12; x < 1e12; x *= 1.37) {
    SCOPED_TRACE(x);
    EXPECT_NEAR(deterministic_log(x), std::log(x), std::fabs(std::log(x)) * 1e-14 + 1e-16);
  }
}

}  // namespace
}  // namespace freezedrill
