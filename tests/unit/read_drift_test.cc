#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "sim/checks/check.h"
#include "sim/checks/read_drift.h"
#include "sim/checks/read_drift_rules.h"
#include "sim/core/embedding.h"
#include "sim/core/hash.h"

namespace freezedrill {
namespace {

constexpr Micros kSecond = kMicrosPerSecond;
constexpr Micros kStart = 60 * kSecond;
constexpr Micros kEnd = 120 * kSecond;

// ---------------------------------------------------------------------------
// Embedding

std::vector<float> embed(std::string_view text) { return embed_text(text, EmbeddingParams{}); }

TEST(Unit, EmbeddingSameTextSameVector) {
  std::vector<float> a = embed("the capital of france is paris");
  std::vector<float> b = embed("the capital of france is paris");
  ASSERT_EQ(a.size(), 256u);
  EXPECT_EQ(a, b);
  EXPECT_EQ(delta_s(a, b), 0.0);
}

TEST(Unit, EmbeddingIsUnitLength) {
  std::vector<float> v = embed("the capital of france is paris");
  double sum = 0.0;
  for (float x : v) sum += static_cast<double>(x) * static_cast<double>(x);
  EXPECT_NEAR(sum, 1.0, 1e-6);
}

TEST(Unit, EmbeddingBucketAndSignFromFnv) {
  // One 3-gram: its bucket is h % 256 and its sign is bit 63 of h.
  std::uint64_t h = fnv1a64("abc");
  std::vector<float> v = embed("abc");
  float expected = (h >> 63) != 0 ? -1.0F : 1.0F;
  EXPECT_EQ(v[h % 256], expected);
  EXPECT_EQ(std::count(v.begin(), v.end(), 0.0F), 255);
}

TEST(Unit, EmbeddingDisjointTextsNearOne) {
  double drift = delta_s(embed("the capital of france is paris"), embed("zzzz qqqq xxxx 0000 ____"));
  EXPECT_GT(drift, 0.8);
  EXPECT_LE(drift, 1.0);
}

TEST(Unit, EmbeddingCloseTextsDriftLittle) {
  double drift = delta_s(embed("the capital of france is paris"), embed("the capital of france is paris."));
  EXPECT_GT(drift, 0.0);
  EXPECT_LT(drift, 0.2);
}

TEST(Unit, EmbeddingEmptyCases) {
  std::vector<float> empty = embed("");
  EXPECT_TRUE(empty_embedding(empty));
  EXPECT_EQ(delta_s(empty, empty), 0.0);
  EXPECT_EQ(delta_s(empty, std::vector<float>{}), 0.0);
  EXPECT_EQ(delta_s(empty, embed("paris")), 1.0);
  EXPECT_EQ(delta_s(embed("paris"), std::vector<float>{}), 1.0);
}

TEST(Unit, EmbeddingShortTextIsOneGram) {
  EXPECT_FALSE(empty_embedding(embed("ok")));
  EXPECT_GT(delta_s(embed("ok"), embed("no")), 0.0);
}

TEST(Unit, EmbeddingOtherParameters) {
  std::vector<float> v = embed_text("paris", EmbeddingParams{2, 16});
  EXPECT_EQ(v.size(), 16u);
  EXPECT_EQ(delta_s(v, embed("paris")), 1.0);  // sizes differ, so unrelated
}

TEST(Unit, NormaliseLowerCasesAndMasks) {
  NormaliseRules rules;
  rules.masks.push_back(MaskRule{"Request-ID: ", "id="});
  rules.mask_digits = true;
  EXPECT_EQ(normalise_answer("Paris at 2026-03-01T02:00:07Z, Request-ID: 9912", rules),
            "paris at #-#-#t#:#:#z, id=#");
}

TEST(Unit, NormaliseWithoutRulesOnlyLowerCases) {
  EXPECT_EQ(normalise_answer("Paris 42 ÉTÉ", NormaliseRules{}), "paris 42 \xc3\x89t\xc3\x89");
}

TEST(Unit, NormaliseEmptyFindIsIgnored) {
  NormaliseRules rules;
  rules.masks.push_back(MaskRule{"", "x"});
  EXPECT_EQ(normalise_answer("abc", rules), "abc");
}

TEST(Unit, MaskedTimestampDoesNotDrift) {
  NormaliseRules rules;
  rules.mask_digits = true;
  std::string first = "Paris, as of 2026-03-01 02:00:07 UTC";
  std::string later = "Paris, as of 2026-03-01 02:03:41 UTC";
  EXPECT_GT(delta_s(embed(normalise_answer(first, NormaliseRules{})), embed(normalise_answer(later, NormaliseRules{}))),
            0.0);
  EXPECT_EQ(delta_s(embed(normalise_answer(first, rules)), embed(normalise_answer(later, rules))), 0.0);
}

// ---------------------------------------------------------------------------
// Rules

TEST(Unit, MillionthsRoundAndPrint) {
  EXPECT_EQ(to_millionths(0.05), 50000);
  EXPECT_EQ(to_millionths(0.0000005), 1);
  EXPECT_EQ(to_millionths(0.0000004), 0);
  EXPECT_EQ(to_millionths(-1.0), 0);
  EXPECT_EQ(millionths_text(31200), "0.031200");
  EXPECT_EQ(millionths_text(1000000), "1.000000");
  EXPECT_EQ(millionths_text(-1500), "-0.001500");
}

TEST(Unit, RiseAtMaxRisePasses) { EXPECT_FALSE(rise_exceeds(60000, 10000, 50000)); }

TEST(Unit, RiseJustOverMaxRiseFails) { EXPECT_TRUE(rise_exceeds(60001, 10000, 50000)); }

TEST(Unit, ResonanceUsesLastFiveSamples) {
  std::vector<std::int64_t> samples{10, 20, 30, 40, 50, 60, 70};
  Resonance first = resonance_at(samples, 0);
  EXPECT_EQ(first.sum, 10);
  EXPECT_EQ(first.count, 1);
  Resonance third = resonance_at(samples, 2);
  EXPECT_EQ(third.sum, 60);
  EXPECT_EQ(third.count, 3);
  Resonance last = resonance_at(samples, 6);
  EXPECT_EQ(last.sum, 30 + 40 + 50 + 60 + 70);
  EXPECT_EQ(last.count, 5);
}

Resonance mean(std::int64_t value) { return Resonance{value, 1}; }

TEST(Unit, LambdaChaoticJustOverFourHundredths) {
  EXPECT_EQ(classify_lambda(40001, mean(100000), mean(0)), Lambda::kChaotic);
}

TEST(Unit, LambdaDeltaAtFourHundredthsNotChaotic) {
  EXPECT_EQ(classify_lambda(40000, mean(100000), mean(0)), Lambda::kDivergent);
}

TEST(Unit, LambdaChaoticDecidedFirst) {
  // The resonance falls, which alone would read as settling, yet the step is chaotic.
  EXPECT_EQ(classify_lambda(50000, mean(0), mean(100000)), Lambda::kChaotic);
}

TEST(Unit, LambdaConvergentAtMinusTwoHundredths) {
  EXPECT_EQ(classify_lambda(-20000, mean(80000), mean(100000)), Lambda::kConvergent);
  // R_t equal to R_(t-1) is still convergent.
  EXPECT_EQ(classify_lambda(-30000, Resonance{200000, 2}, mean(100000)), Lambda::kConvergent);
}

TEST(Unit, LambdaFallWithRisingResonanceDivergent) {
  // Delta S fell by 0.03 but the mean of the last samples rose from 0.10 to 0.15.
  EXPECT_EQ(classify_lambda(-30000, Resonance{300000, 2}, mean(100000)), Lambda::kDivergent);
}

TEST(Unit, LambdaFallJustUnderTwoHundredthsRecursive) {
  // -0.019999 is not a convergent step, so the recursive rule decides it.
  EXPECT_EQ(classify_lambda(-19999, mean(100000), mean(100000)), Lambda::kRecursive);
}

TEST(Unit, LambdaRecursiveBoundaries) {
  EXPECT_EQ(classify_lambda(19999, mean(119999), mean(100000)), Lambda::kRecursive);
  EXPECT_EQ(classify_lambda(19999, mean(120000), mean(100000)), Lambda::kDivergent);
  EXPECT_EQ(classify_lambda(20000, mean(100000), mean(100000)), Lambda::kDivergent);
}

TEST(Unit, LambdaRecursiveComparesExactMeans) {
  // R_t = 0.06 / 3 = 0.02, R_(t-1) = 0.0 / 2: a difference of exactly 0.02 is not recursive.
  EXPECT_EQ(classify_lambda(0, Resonance{60000, 3}, Resonance{0, 2}), Lambda::kDivergent);
  EXPECT_EQ(classify_lambda(0, Resonance{59999, 3}, Resonance{0, 2}), Lambda::kRecursive);
}

TEST(Unit, LambdaConvergentNeedsResonanceNotRising) {
  // Delta exactly -0.02: R_t equal to R_(t-1) is convergent, 1 millionth above it is not.
  EXPECT_EQ(classify_lambda(-20000, mean(100000), mean(100000)), Lambda::kConvergent);
  EXPECT_EQ(classify_lambda(-20000, mean(100001), mean(100000)), Lambda::kDivergent);
}

TEST(Unit, LambdaFallOfTwoHundredthsNotRecursive) {
  // A fall of exactly 0.02 with a rising resonance is not convergent, and
  // |Delta| < 0.02 does not hold, so the recursive rule cannot take it.
  EXPECT_EQ(classify_lambda(-20000, mean(110000), mean(110000)), Lambda::kConvergent);
  EXPECT_EQ(classify_lambda(-20000, mean(100010), mean(100000)), Lambda::kDivergent);
}

TEST(Unit, LambdaRecursiveFallingResonanceBoundary) {
  // |R_t - R_(t-1)| < 0.02 holds for a falling resonance too, and fails at exactly 0.02.
  EXPECT_EQ(classify_lambda(0, mean(80001), mean(100000)), Lambda::kRecursive);
  EXPECT_EQ(classify_lambda(0, mean(80000), mean(100000)), Lambda::kDivergent);
}

TEST(Unit, LambdaDecidedInOrder) {
  // Each class where the one before it does not hold: chaotic, then convergent,
  // then recursive, and divergent when none does.
  EXPECT_EQ(classify_lambda(40001, mean(100000), mean(100000)), Lambda::kChaotic);
  EXPECT_EQ(classify_lambda(-20000, mean(90000), mean(100000)), Lambda::kConvergent);
  EXPECT_EQ(classify_lambda(-19999, mean(90000), mean(100000)), Lambda::kRecursive);
  EXPECT_EQ(classify_lambda(20000, mean(100000), mean(100000)), Lambda::kDivergent);
  EXPECT_EQ(classify_lambda(40000, mean(100000), mean(100000)), Lambda::kDivergent);
}

TEST(Unit, SlopeAtMaxSlopePasses) {
  Slope slope = least_squares_slope({{0, 0}, {1, 20000}});
  ASSERT_TRUE(slope.defined());
  EXPECT_EQ(slope_millionths(slope), 20000);
  EXPECT_FALSE(slope_exceeds(slope, 20000));
}

TEST(Unit, SlopeJustOverMaxSlopeFails) {
  Slope slope = least_squares_slope({{0, 0}, {1, 20001}});
  EXPECT_TRUE(slope_exceeds(slope, 20000));
}

TEST(Unit, SlopeFitsSkippedBatches) {
  // Means 0.01, 0.03, 0.05 at batches 0, 2, 4: 0.01 per batch, and a gap does not change it.
  Slope slope = least_squares_slope({{0, 10000}, {2, 30000}, {4, 50000}});
  EXPECT_EQ(slope_millionths(slope), 10000);
  EXPECT_EQ(slope_millionths(least_squares_slope({{0, 50000}, {1, 30000}})), -20000);
}

TEST(Unit, SlopeUndefinedWithOneBatch) {
  EXPECT_FALSE(least_squares_slope({{3, 90000}}).defined());
  EXPECT_FALSE(least_squares_slope({}).defined());
  EXPECT_FALSE(slope_exceeds(least_squares_slope({{3, 90000}}), 0));
}

TEST(Unit, BatchMeanRoundsHalfUp) {
  EXPECT_EQ(mean_millionths(3, 2), 2);
  EXPECT_EQ(mean_millionths(5, 3), 2);
  EXPECT_EQ(mean_millionths(4, 3), 1);
}

TEST(Unit, ZoneBoundaries) {
  EXPECT_EQ(zone_of(399999), Zone::kStable);
  EXPECT_EQ(zone_of(400000), Zone::kTransitional);
  EXPECT_EQ(zone_of(599999), Zone::kTransitional);
  EXPECT_EQ(zone_of(600000), Zone::kRisk);
  EXPECT_EQ(zone_of(849999), Zone::kRisk);
  EXPECT_EQ(zone_of(850000), Zone::kDanger);
}

// ---------------------------------------------------------------------------
// The check on hand-built histories

// A two-item vector whose Delta S against (1, 0) is `drift`.
std::vector<float> at_drift(double drift) {
  double c = 1.0 - drift;
  return {static_cast<float>(c), static_cast<float>(std::sqrt(1.0 - c * c))};
}

// Builds a history of probe answers with S = 60 s and E = 120 s. Answers
// given as a drift carry a recorded embedding. Answers given as text carry
// none, so the check embeds the text.
class ProbeHistory {
 public:
  ProbeHistory() {
    history_.header().start = kStart;
    history_.header().end = kEnd;
  }

  void answer(Micros t, double drift, std::string_view probe = "capital") {
    ev::ProbeAnswered answered;
    answered.probe = history_.intern(probe);
    answered.ok = true;
    answered.answer = history_.intern("paris");
    answered.embedding = history_.add_embedding(at_drift(drift));
    events_.push_back({t, answered});
  }

  void text(Micros t, std::string_view answer, std::string_view probe = "capital") {
    ev::ProbeAnswered answered;
    answered.probe = history_.intern(probe);
    answered.ok = true;
    answered.answer = history_.intern(answer);
    events_.push_back({t, answered});
  }

  void failed(Micros t, std::string_view probe = "capital") {
    ev::ProbeAnswered answered;
    answered.probe = history_.intern(probe);
    answered.ok = false;
    events_.push_back({t, answered});
  }

  void extend(Micros at, Micros new_end) { events_.push_back({at, ev::WindowExtended{new_end, kNoStr}}); }

  // A baseline whose reference is (1, 0) with a noise floor of `floor`.
  void baseline(double floor, std::string_view probe = "capital") {
    answer(10 * kSecond, floor, probe);
    answer(50 * kSecond, 0.0, probe);
  }

  // Window answers 10 s apart from S, one per batch.
  void window(const std::vector<double>& drifts, std::string_view probe = "capital") {
    for (std::size_t i = 0; i < drifts.size(); ++i) {
      answer(kStart + static_cast<Micros>(i) * 10 * kSecond, drifts[i], probe);
    }
  }

  const History& build() {
    std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
    for (Event& e : events_) history_.append_event(std::move(e));
    events_.clear();
    return history_;
  }

 private:
  History history_;
  std::vector<Event> events_;
};

nlohmann::json options(double max_rise = 0.05, double max_slope = 0.02, std::int64_t max_divergent = 3) {
  return {{"max_rise", max_rise}, {"max_slope", max_slope}, {"max_divergent", max_divergent}, {"batch", "10s"}};
}

CheckResult run_check(const History& h, nlohmann::json o = options()) {
  return ReadDriftCheck().run(h, CheckOptions(std::move(o)));
}

const Figure* find_figure(const CheckResult& r, const std::string& name) {
  for (const Figure& f : r.figures) {
    if (f.name == name) return &f;
  }
  ADD_FAILURE() << "no figure " << name;
  return nullptr;
}

std::int64_t figure(const CheckResult& r, const std::string& name) {
  const Figure* f = find_figure(r, name);
  return f == nullptr ? -1 : std::get<std::int64_t>(f->value);
}

std::string text_figure(const CheckResult& r, const std::string& name) {
  const Figure* f = find_figure(r, name);
  return f == nullptr ? std::string() : std::get<std::string>(f->value);
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Unit, ReadDriftSteadyAnswersPass) {
  ProbeHistory b;
  b.baseline(0.01);
  b.window({0.01, 0.0, 0.01, 0.0, 0.01});
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "judged_probes"), 1);
  EXPECT_EQ(figure(r, "window_samples"), 5);
  EXPECT_EQ(text_figure(r, "max_noise_floor"), "0.010000");
  EXPECT_EQ(text_figure(r, "max_zone"), "stable");
  EXPECT_EQ(figure(r, "lambda_recursive"), 4);
  EXPECT_TRUE(r.evidence.empty());
}

TEST(Unit, ReadDriftNoProbeNotApplicable) {
  ProbeHistory b;
  b.extend(kStart, kEnd);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kNotApplicable);
  EXPECT_TRUE(mentions(r.summary, "no probe_answered"));
}

TEST(Unit, ReadDriftNoBaselineInconclusive) {
  ProbeHistory b;
  b.failed(50 * kSecond);
  b.window({0.0, 0.0});
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_TRUE(mentions(r.summary, "probe capital has no successful answer before S")) << r.summary;
  EXPECT_EQ(figure(r, "failed_answers"), 1);
}

TEST(Unit, ReadDriftNoWindowAnswerInconclusive) {
  ProbeHistory b;
  b.baseline(0.0);
  b.answer(kEnd, 0.9);  // at E, outside the window
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_TRUE(mentions(r.summary, "no successful answer in the window")) << r.summary;
}

TEST(Unit, ReadDriftOneProbeUnjudgedOtherPassesInconclusive) {
  ProbeHistory b;
  b.baseline(0.0, "capital");
  b.window({0.0, 0.0}, "capital");
  b.window({0.0, 0.0}, "weather");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_EQ(figure(r, "probes"), 2);
  EXPECT_EQ(figure(r, "judged_probes"), 1);
}

TEST(Unit, ReadDriftFailedAnswersSkipped) {
  ProbeHistory b;
  b.baseline(0.0);
  b.window({0.0, 0.0, 0.0});
  b.failed(kStart + 5 * kSecond);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "window_samples"), 3);
  EXPECT_EQ(figure(r, "failed_answers"), 1);
}

TEST(Unit, ReadDriftRiseAtMaxRisePasses) {
  ProbeHistory b;
  b.baseline(0.01);
  b.window({0.06});
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "max_rise"), "0.050000");
}

TEST(Unit, ReadDriftRiseOverMaxRiseFails) {
  ProbeHistory b;
  b.baseline(0.01);
  b.window({0.0601});
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(text_figure(r, "max_rise"), "0.050100");
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].actor, "capital");
  EXPECT_EQ(r.evidence[0].t, kStart);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "more than max_rise 0.050000")) << r.evidence[0].detail;
}

TEST(Unit, ReadDriftSlopeAtMaxSlopePasses) {
  ProbeHistory b;
  b.baseline(0.0);
  b.window({0.0, 0.02});
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "slope"), "0.020000");
  EXPECT_EQ(figure(r, "batches"), 2);
}

TEST(Unit, ReadDriftSlopeOverMaxSlopeFails) {
  ProbeHistory b;
  b.baseline(0.0);
  b.window({0.0, 0.0201});
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(text_figure(r, "slope"), "0.020100");
  EXPECT_TRUE(mentions(r.summary, "is above max_slope 0.020000")) << r.summary;
  EXPECT_TRUE(r.evidence.empty());
}

TEST(Unit, ReadDriftSlopeAveragesProbesInBatch) {
  // Batch 0 means 0.0, batch 1 means (0.0 + 0.04) / 2 = 0.02: at max_slope.
  ProbeHistory b;
  b.baseline(0.0, "capital");
  b.baseline(0.0, "weather");
  b.window({0.0, 0.0}, "capital");
  b.window({0.0, 0.04}, "weather");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "slope"), "0.020000");
}

TEST(Unit, ReadDriftChaoticStepFails) {
  ProbeHistory b;
  b.baseline(0.0);
  b.window({0.0, 0.041});
  CheckResult r = run_check(b.build(), options(0.05, 1.0));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "lambda_chaotic"), 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kStart + 10 * kSecond);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "chaotic step")) << r.evidence[0].detail;
}

TEST(Unit, ReadDriftStepOfFourHundredthsNotChaotic) {
  ProbeHistory b;
  b.baseline(0.0);
  b.window({0.0, 0.04});
  CheckResult r = run_check(b.build(), options(0.05, 1.0));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "lambda_chaotic"), 0);
  EXPECT_EQ(figure(r, "lambda_divergent"), 1);
}

TEST(Unit, ReadDriftDivergentRunBelowLimitPasses) {
  ProbeHistory b;
  b.baseline(0.0);
  b.window({0.0, 0.03, 0.06});
  CheckResult r = run_check(b.build(), options(1.0, 1.0));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "longest_divergent_run"), 2);
}

TEST(Unit, ReadDriftDivergentRunAtLimitFails) {
  ProbeHistory b;
  b.baseline(0.0);
  b.window({0.0, 0.03, 0.06, 0.09});
  CheckResult r = run_check(b.build(), options(1.0, 1.0));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "longest_divergent_run"), 3);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].t, kStart + 30 * kSecond);
  EXPECT_TRUE(mentions(r.evidence[0].detail, "3 divergent steps in a row")) << r.evidence[0].detail;
}

TEST(Unit, ReadDriftConvergentStepBreaksDivergentRun) {
  ProbeHistory b;
  b.baseline(0.0);
  b.window({0.0, 0.03, 0.06, 0.03, 0.06, 0.09});
  CheckResult r = run_check(b.build(), options(1.0, 1.0));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "lambda_convergent"), 1);
  EXPECT_EQ(figure(r, "longest_divergent_run"), 2);
}

TEST(Unit, ReadDriftZonesReportedNotJudged) {
  // A constant 0.9 from the baseline on is in the danger zone yet flat.
  ProbeHistory b;
  b.baseline(0.9);
  b.window({0.9, 0.9});
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(figure(r, "zone_danger"), 2);
  EXPECT_EQ(text_figure(r, "max_zone"), "danger");
  EXPECT_EQ(text_figure(r, "max_delta_s"), "0.900000");
}

TEST(Unit, ReadDriftExtendedWindowCountsAnswers) {
  ProbeHistory b;
  b.baseline(0.0);
  b.window({0.0});
  b.extend(kStart + 30 * kSecond, kEnd + 60 * kSecond);
  b.answer(kEnd + 10 * kSecond, 0.2);
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(figure(r, "window_samples"), 2);
}

TEST(Unit, ReadDriftMaskedTimestampPasses) {
  NormaliseRules rules;
  rules.mask_digits = true;
  ProbeHistory b;
  b.text(10 * kSecond, normalise_answer("Paris, as of 02:00:10 UTC", rules));
  b.text(50 * kSecond, normalise_answer("Paris, as of 02:00:50 UTC", rules));
  b.text(kStart, normalise_answer("Paris, as of 02:01:00 UTC", rules));
  b.text(kStart + 10 * kSecond, normalise_answer("Paris, as of 02:01:10 UTC", rules));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "max_delta_s"), "0.000000");
}

// Masks ISO 8601 timestamps and nothing else, digits included.
NormaliseRules iso_timestamp_rules() {
  NormaliseRules rules;
  MaskRule iso;
  iso.kind = MaskKind::kIsoTimestamp;
  iso.replace = "<timestamp>";
  rules.masks.push_back(iso);
  return rules;
}

TEST(Unit, ReadDriftIsoMaskedTimestampPasses) {
  NormaliseRules rules = iso_timestamp_rules();
  ProbeHistory b;
  b.text(10 * kSecond, normalise_answer("Paris, as of 2026-03-01T02:00:10Z, 4 sources", rules));
  b.text(50 * kSecond, normalise_answer("Paris, as of 2026-03-01T02:00:50Z, 4 sources", rules));
  b.text(kStart, normalise_answer("Paris, as of 2026-03-01T02:01:00Z, 4 sources", rules));
  b.text(kStart + 10 * kSecond, normalise_answer("Paris, as of 2026-03-01T02:01:10Z, 4 sources", rules));
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(text_figure(r, "max_delta_s"), "0.000000");
}

TEST(Unit, ReadDriftIsoMaskKeepsChangedCount) {
  // Only the timestamp is masked, so a count that changed in the window is drift.
  NormaliseRules rules = iso_timestamp_rules();
  ProbeHistory b;
  b.text(50 * kSecond, normalise_answer("as of 2026-03-01T02:00:50Z: 4 open incidents", rules));
  b.text(kStart, normalise_answer("as of 2026-03-01T02:01:00Z: 9 open incidents", rules));
  CheckResult r = run_check(b.build(), options(0.0));
  EXPECT_EQ(r.verdict, Verdict::kFail) << r.summary;
}

TEST(Unit, ReadDriftChangedAnswerTextFails) {
  ProbeHistory b;
  b.text(50 * kSecond, "the capital of france is paris");
  b.text(kStart, "the capital of france is lyon, since the last reindex");
  CheckResult r = run_check(b.build());
  EXPECT_EQ(r.verdict, Verdict::kFail) << r.summary;
}

}  // namespace
}  // namespace freezedrill
