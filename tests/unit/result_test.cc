// The result model: how verdicts combine and how they meet expectations.

#include <gtest/gtest.h>

#include "sim/result/result.h"

namespace freezedrill {
namespace {

CheckResult result(const std::string& check, Verdict v) {
  CheckResult r;
  r.check = check;
  r.verdict = v;
  return r;
}

TEST(Verdict, WorstOrdersFailInconclusivePassNotApplicable) {
  EXPECT_EQ(worst(Verdict::kPass, Verdict::kFail), Verdict::kFail);
  EXPECT_EQ(worst(Verdict::kInconclusive, Verdict::kFail), Verdict::kFail);
  EXPECT_EQ(worst(Verdict::kPass, Verdict::kInconclusive), Verdict::kInconclusive);
  EXPECT_EQ(worst(Verdict::kNotApplicable, Verdict::kPass), Verdict::kPass);
  EXPECT_EQ(worst(Verdict::kNotApplicable, Verdict::kNotApplicable), Verdict::kNotApplicable);
}

TEST(Expectations, ExpectedFailureIsMet) {
  auto out = judge_expectations({result("a", Verdict::kFail)}, {"a"}, false);
  EXPECT_EQ(out[0].expectation, Expectation::kMet);
  EXPECT_TRUE(out[0].expected_to_fail);
}

TEST(Expectations, UnexpectedFailureIsUnmet) {
  auto out = judge_expectations({result("a", Verdict::kFail)}, {}, false);
  EXPECT_EQ(out[0].expectation, Expectation::kUnexpectedFailure);
}

TEST(Expectations, PassOrNotApplicableEscapesWhenFailureExpected) {
  auto out = judge_expectations({result("a", Verdict::kPass), result("b", Verdict::kNotApplicable)}, {"a", "b"},
                                false);
  EXPECT_EQ(out[0].expectation, Expectation::kEscaped);
  EXPECT_EQ(out[1].expectation, Expectation::kEscaped);
}

TEST(Expectations, InconclusiveFailsGateUnlessAllowed) {
  EXPECT_EQ(judge_expectations({result("a", Verdict::kInconclusive)}, {}, false)[0].expectation,
            Expectation::kInconclusive);
  EXPECT_EQ(judge_expectations({result("a", Verdict::kInconclusive)}, {}, true)[0].expectation, Expectation::kMet);
}

TEST(Expectations, InconclusiveExpectedFailureEscapes) {
  EXPECT_EQ(judge_expectations({result("a", Verdict::kInconclusive)}, {"a"}, true)[0].expectation,
            Expectation::kEscaped);
}

TEST(ScenarioResult, HarnessErrorIsNeverMet) {
  ScenarioResult r;
  r.harness_error = "boom";
  EXPECT_FALSE(r.met());
}

TEST(CheckResult, EvidenceIsCappedButCounted) {
  CheckResult r;
  for (int i = 0; i < 25; ++i) r.add_evidence({i, "a", 0, 0, "x"});
  EXPECT_EQ(r.evidence.size(), CheckResult::kMaxEvidence);
  EXPECT_EQ(r.evidence_total, 25u);
}

}  // namespace
}  // namespace freezedrill
