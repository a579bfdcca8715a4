#include <algorithm>
#include <ostream>
#include <string>

#include <fmt/format.h>

#include "reports/report_writer.h"
#include "sim/core/time.h"

namespace freezedrill {
namespace {

// The text of one table cell: the verdict, marked when it breaks the
// expectation. "xfail" is a failure the scenario expected (a catch).
std::string cell_text(const CheckOutcome& c) {
  switch (c.expectation) {
    case Expectation::kUnexpectedFailure: return "FAIL";
    case Expectation::kEscaped: return "ESCAPED";
    case Expectation::kInconclusive: return "INCONCLUSIVE";
    case Expectation::kMet: break;
  }
  switch (c.result.verdict) {
    case Verdict::kFail: return "xfail";
    case Verdict::kPass: return "pass";
    case Verdict::kNotApplicable: return "n/a";
    case Verdict::kInconclusive: return "inconclusive";
  }
  return "?";
}

std::vector<std::string> check_columns(const RunReport& report) {
  std::vector<std::string> columns;
  for (const ScenarioResult& s : report.scenarios) {
    for (const CheckOutcome& c : s.checks) {
      if (std::find(columns.begin(), columns.end(), c.result.check) == columns.end()) {
        columns.push_back(c.result.check);
      }
    }
  }
  return columns;
}

std::string paint(const std::string& text, bool bad, const TerminalStyle& style) {
  if (!style.color || !bad) return text;
  return "\x1b[1;31m" + text + "\x1b[0m";
}

void write_table(const RunReport& report, std::ostream& out, const TerminalStyle& style) {
  std::vector<std::string> columns = check_columns(report);
  std::size_t name_width = 8;
  for (const ScenarioResult& s : report.scenarios) name_width = std::max(name_width, s.scenario.size());

  std::string header = fmt::format("{:<{}}  {:>6}", "scenario", name_width, "seed");
  for (const std::string& c : columns) header += fmt::format("  {:<{}}", c, std::max<std::size_t>(c.size(), 12));
  out << header << "  result\n";

  for (const ScenarioResult& s : report.scenarios) {
    out << fmt::format("{:<{}}  {:>6}", s.scenario, name_width, s.seed);
    for (const std::string& column : columns) {
      auto it = std::find_if(s.checks.begin(), s.checks.end(),
                             [&](const CheckOutcome& c) { return c.result.check == column; });
      std::string text = it == s.checks.end() ? "-" : cell_text(*it);
      std::size_t width = std::max<std::size_t>(column.size(), 12);
      bool bad = it != s.checks.end() && it->expectation != Expectation::kMet;
      out << "  " << paint(fmt::format("{:<{}}", text, width), bad, style);
    }
    std::string result = !s.harness_error.empty() ? "ERROR" : (s.met() ? "met" : "UNMET");
    out << "  " << paint(result, !s.met(), style) << '\n';
  }
}

std::string why_unmet(const CheckOutcome& c) {
  switch (c.expectation) {
    case Expectation::kUnexpectedFailure: return "failed, but the scenario does not expect it to fail";
    case Expectation::kEscaped: return "was expected to fail (catch the defect) but came out " +
                                       std::string(verdict_name(c.result.verdict));
    case Expectation::kInconclusive: return "is inconclusive and allow_inconclusive is off";
    case Expectation::kMet: break;
  }
  return "met";
}

void write_unmet(const ScenarioResult& s, std::ostream& out) {
  out << fmt::format("\n{} (seed {}) did not meet its expectation\n", s.scenario, s.seed);
  if (!s.harness_error.empty()) out << "  harness error: " << s.harness_error << '\n';
  for (const CheckOutcome& c : s.checks) {
    if (c.expectation == Expectation::kMet) continue;
    out << fmt::format("  {} {}: {}\n", c.result.check, why_unmet(c), c.result.summary);
    if (!c.result.evidence.empty()) {
      const Evidence& e = c.result.evidence.front();
      out << fmt::format("    first evidence: t={}s actor={}", format_seconds(e.t), e.actor.empty() ? "-" : e.actor);
      if (e.instance >= 0) out << fmt::format(" instance={}", e.instance);
      if (e.request_id != 0) out << fmt::format(" request={}", e.request_id);
      out << fmt::format(": {} ({} in all)\n", e.detail, c.result.evidence_total);
    }
    if (c.expectation == Expectation::kUnexpectedFailure) out << "    remedy: " << c.result.remedy << '\n';
  }
  out << "  reproduce: " << s.reproduce << '\n';
}

}  // namespace

void write_terminal_summary(const RunReport& report, std::ostream& out, TerminalStyle style) {
  write_table(report, out, style);

  std::size_t met = 0;
  for (const ScenarioResult& s : report.scenarios) {
    if (s.met()) {
      ++met;
    } else {
      write_unmet(s, out);
    }
  }
  for (const std::string& e : report.input_errors) out << "\ninvalid input: " << e << '\n';
  out << fmt::format("\n{} of {} scenarios met their expectations", met, report.scenarios.size());
  if (!report.input_errors.empty()) out << fmt::format("; {} inputs were invalid", report.input_errors.size());
  out << '\n';
}

}  // namespace freezedrill
