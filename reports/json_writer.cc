#include <ostream>

#include <nlohmann/json.hpp>

#include "reports/report_writer.h"
#include "sim/core/time.h"

namespace freezedrill {
namespace {

using nlohmann::ordered_json;

ordered_json figures_json(const std::vector<Figure>& figures) {
  ordered_json out = ordered_json::object();
  for (const Figure& f : figures) {
    if (const auto* i = std::get_if<std::int64_t>(&f.value)) out[f.name] = *i;
    else out[f.name] = std::get<std::string>(f.value);
  }
  return out;
}

ordered_json evidence_json(const Evidence& e) {
  ordered_json out;
  out["t_us"] = e.t;
  out["t"] = format_seconds(e.t);
  out["actor"] = e.actor;
  if (e.instance >= 0) out["instance"] = e.instance;
  if (e.request_id != 0) out["request_id"] = e.request_id;
  out["detail"] = e.detail;
  return out;
}

ordered_json check_json(const CheckOutcome& c) {
  ordered_json out;
  out["check"] = c.result.check;
  out["verdict"] = verdict_name(c.result.verdict);
  out["expected_to_fail"] = c.expected_to_fail;
  out["expectation"] = expectation_name(c.expectation);
  out["summary"] = c.result.summary;
  out["figures"] = figures_json(c.result.figures);
  ordered_json evidence = ordered_json::array();
  for (const Evidence& e : c.result.evidence) evidence.push_back(evidence_json(e));
  out["evidence"] = std::move(evidence);
  out["evidence_total"] = c.result.evidence_total;
  out["warnings"] = c.result.warnings;
  out["remedy"] = c.result.remedy;
  return out;
}

ordered_json scenario_json(const ScenarioResult& s) {
  ordered_json out;
  out["scenario"] = s.scenario;
  out["file"] = s.file;
  out["scenario_hash"] = s.scenario_hash;
  out["service"] = s.service;
  out["seed"] = s.seed;
  out["defects"] = s.defects;
  out["expect_failure"] = s.expect_failure;
  out["allow_inconclusive"] = s.allow_inconclusive;
  out["met"] = s.met();
  out["history_events"] = s.history_events;
  out["duration_us"] = s.duration;
  out["reproduce"] = s.reproduce;
  if (!s.harness_error.empty()) out["harness_error"] = s.harness_error;
  ordered_json checks = ordered_json::array();
  for (const CheckOutcome& c : s.checks) checks.push_back(check_json(c));
  out["checks"] = std::move(checks);
  return out;
}

class JsonReportWriter final : public ReportWriter {
 public:
  std::string_view format() const override { return "json"; }
  std::string_view file_name() const override { return "report.json"; }

  void write(const RunReport& report, std::ostream& out) const override {
    ordered_json doc;
    doc["format"] = kReportFormat;
    doc["format_version"] = kReportFormatVersion;
    doc["tool_version"] = report.tool_version;

    std::int64_t met = 0;
    ordered_json scenarios = ordered_json::array();
    for (const ScenarioResult& s : report.scenarios) {
      if (s.met()) ++met;
      scenarios.push_back(scenario_json(s));
    }
    ordered_json summary;
    summary["scenarios"] = report.scenarios.size();
    summary["met"] = met;
    summary["unmet"] = static_cast<std::int64_t>(report.scenarios.size()) - met;
    summary["input_errors"] = report.input_errors.size();
    doc["summary"] = std::move(summary);
    doc["input_errors"] = report.input_errors;
    doc["scenarios"] = std::move(scenarios);
    out << doc.dump(2) << '\n';
  }
};

}  // namespace

std::unique_ptr<ReportWriter> make_json_report_writer() { return std::make_unique<JsonReportWriter>(); }

}  // namespace freezedrill
