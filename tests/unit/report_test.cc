// Report writers on hand-built results: the JSON report's fields and its
// determinism, and the terminal summary's marks for each expectation.

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/report_writer.h"

namespace freezedrill {
namespace {

CheckOutcome outcome(const std::string& check, Verdict v, bool expected, Expectation e) {
  CheckOutcome o;
  o.result.check = check;
  o.result.verdict = v;
  o.result.summary = check + " summary";
  o.result.remedy = "do the runbook step";
  o.result.add_figure("count", std::int64_t{3});
  o.result.add_figure("ratio", std::string("0.250"));
  o.result.add_evidence({61 * kMicrosPerSecond + 5, "web#1", 2, 44, "applied put kv-3"});
  o.expected_to_fail = expected;
  o.expectation = e;
  return o;
}

RunReport sample_report() {
  RunReport report;
  report.tool_version = "0.1.0";
  ScenarioResult met;
  met.scenario = "defect-x";
  met.file = "scenarios/defect-x.json";
  met.seed = 7;
  met.expect_failure = {"write_status"};
  met.reproduce = "freezedrill run scenarios/defect-x.json --seed 7";
  met.checks = {outcome("no_write_leak", Verdict::kPass, false, Expectation::kMet),
                outcome("write_status", Verdict::kFail, true, Expectation::kMet)};
  ScenarioResult unmet = met;
  unmet.scenario = "baseline-y";
  unmet.expect_failure = {};
  unmet.reproduce = "freezedrill run scenarios/baseline-y.json --seed 7";
  unmet.checks = {outcome("no_write_leak", Verdict::kFail, false, Expectation::kUnexpectedFailure),
                  outcome("write_status", Verdict::kPass, true, Expectation::kEscaped)};
  report.scenarios = {met, unmet};
  return report;
}

std::string render(const ReportWriter& w, const RunReport& r) {
  std::ostringstream out;
  w.write(r, out);
  return out.str();
}

TEST(JsonReport, HoldsVerdictsFiguresAndEvidence) {
  auto writer = make_report_writer("json");
  ASSERT_NE(writer, nullptr);
  nlohmann::json doc = nlohmann::json::parse(render(*writer, sample_report()));
  EXPECT_EQ(doc["format"], "freezedrill-report");
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["summary"]["met"], 1);
  EXPECT_EQ(doc["summary"]["unmet"], 1);
  const auto& check = doc["scenarios"][0]["checks"][1];
  EXPECT_EQ(check["verdict"], "fail");
  EXPECT_EQ(check["expectation"], "met");
  EXPECT_EQ(check["figures"]["count"], 3);
  EXPECT_EQ(check["figures"]["ratio"], "0.250");
  EXPECT_EQ(check["evidence"][0]["t"], "61.000005");
  EXPECT_EQ(check["evidence"][0]["request_id"], 44);
  EXPECT_EQ(doc["scenarios"][1]["met"], false);
}

TEST(JsonReport, IsByteIdenticalForEqualReports) {
  auto writer = make_report_writer("json");
  EXPECT_EQ(render(*writer, sample_report()), render(*writer, sample_report()));
}

TEST(JsonReport, UnknownFormatHasNoWriter) { EXPECT_EQ(make_report_writer("yaml"), nullptr); }

TEST(JunitReport, MapsExpectationsToCases) {
  auto writer = make_report_writer("junit");
  ASSERT_NE(writer, nullptr);
  std::string xml = render(*writer, sample_report());
  EXPECT_NE(xml.find("<testsuites name=\"freezedrill 0.1.0\" tests=\"4\" failures=\"2\" errors=\"0\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"defect-x\" name=\"write_status\">\n      <system-out>expected failure"),
            std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"unexpected\""), std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"escaped\""), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"seed\" value=\"7\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"scenario_hash\""), std::string::npos);
}

TEST(JunitReport, HarnessFaultIsError) {
  RunReport r = sample_report();
  r.scenarios[0].harness_error = "world <broke>";
  r.scenarios[0].checks.clear();
  std::string xml = render(*make_report_writer("junit"), r);
  EXPECT_NE(xml.find("<error type=\"harness\" message=\"world &lt;broke&gt;\">"), std::string::npos);
}

TEST(JunitReport, InputErrorsAreErrors) {
  RunReport r = sample_report();
  r.input_errors = {"bad.json:1:3: syntax error & more"};
  std::string xml = render(*make_report_writer("junit"), r);
  EXPECT_NE(xml.find("name=\"invalid-input\" tests=\"1\" failures=\"0\" errors=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("syntax error &amp; more"), std::string::npos);
}

TEST(TerminalSummary, MarksEachExpectation) {
  std::ostringstream out;
  write_terminal_summary(sample_report(), out, TerminalStyle{false});
  std::string text = out.str();
  EXPECT_NE(text.find("xfail"), std::string::npos);
  EXPECT_NE(text.find("FAIL"), std::string::npos);
  EXPECT_NE(text.find("ESCAPED"), std::string::npos);
  EXPECT_NE(text.find("UNMET"), std::string::npos);
  EXPECT_NE(text.find("reproduce: freezedrill run scenarios/baseline-y.json --seed 7"), std::string::npos);
  EXPECT_NE(text.find("remedy: do the runbook step"), std::string::npos);
  EXPECT_NE(text.find("1 of 2 scenarios met"), std::string::npos);
}

TEST(TerminalSummary, ListsInputErrors) {
  RunReport r = sample_report();
  r.input_errors = {"bad.json:1:3: syntax error"};
  std::ostringstream out;
  write_terminal_summary(r, out, TerminalStyle{false});
  EXPECT_NE(out.str().find("invalid input: bad.json:1:3"), std::string::npos);
}

}  // namespace
}  // namespace freezedrill
