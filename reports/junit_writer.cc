#include <ostream>
#include <string>

#include <fmt/format.h>

#include "reports/report_writer.h"
#include "sim/core/time.h"

namespace freezedrill {
namespace {

// Escapes text for an XML attribute or element. Control characters other
// than tab and newline are not allowed in XML 1.0, so they become '?'.
std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += '?';
        else out += c;
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

// The body of a failure: what went wrong, where, and how to reproduce it.
std::string failure_text(const ScenarioResult& s, const CheckOutcome& c) {
  std::string text = c.result.summary + "\n";
  for (const Evidence& e : c.result.evidence) {
    text += fmt::format("t={}s actor={} instance={} request={}: {}\n", format_seconds(e.t), e.actor, e.instance,
                        e.request_id, e.detail);
  }
  if (c.expectation == Expectation::kUnexpectedFailure) text += "remedy: " + c.result.remedy + "\n";
  text += "reproduce: " + s.reproduce + "\n";
  return text;
}

void write_testcase(const ScenarioResult& s, const CheckOutcome& c, std::ostream& out) {
  out << fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", xml_escape(s.scenario),
                     xml_escape(c.result.check));
  const std::string summary = xml_escape(c.result.summary);
  switch (c.expectation) {
    case Expectation::kUnexpectedFailure:
      out << fmt::format("      <failure type=\"unexpected\" message=\"{}\">{}</failure>\n", summary,
                         xml_escape(failure_text(s, c)));
      break;
    case Expectation::kEscaped:
      out << fmt::format("      <failure type=\"escaped\" message=\"{} (declared to fail, came out {})\">{}</failure>\n",
                         summary, verdict_name(c.result.verdict), xml_escape(failure_text(s, c)));
      break;
    case Expectation::kInconclusive:
      out << fmt::format("      <failure type=\"inconclusive\" message=\"{}\">{}</failure>\n", summary,
                         xml_escape(failure_text(s, c)));
      break;
    case Expectation::kMet:
      if (c.result.verdict == Verdict::kNotApplicable) {
        out << fmt::format("      <skipped message=\"not applicable: {}\"/>\n", summary);
      } else {
        std::string note = c.result.verdict == Verdict::kFail ? "expected failure (defect caught): " : "";
        out << fmt::format("      <system-out>{}</system-out>\n", xml_escape(note + c.result.summary));
      }
      break;
  }
  out << "    </testcase>\n";
}

struct SuiteCounts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
};

SuiteCounts count(const ScenarioResult& s) {
  SuiteCounts n;
  if (!s.harness_error.empty()) return {1, 0, 1, 0};
  for (const CheckOutcome& c : s.checks) {
    ++n.tests;
    if (c.expectation != Expectation::kMet) ++n.failures;
    else if (c.result.verdict == Verdict::kNotApplicable) ++n.skipped;
  }
  return n;
}

void write_suite(const ScenarioResult& s, std::ostream& out) {
  SuiteCounts n = count(s);
  out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                     xml_escape(s.scenario), n.tests, n.failures, n.errors, n.skipped);
  out << "    <properties>\n";
  auto property = [&out](std::string_view name, std::string_view value) {
    out << fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, xml_escape(value));
  };
  property("seed", std::to_string(s.seed));
  property("scenario_hash", s.scenario_hash);
  property("file", s.file);
  property("defects", join(s.defects));
  property("expect_failure", join(s.expect_failure));
  property("reproduce", s.reproduce);
  out << "    </properties>\n";

  if (!s.harness_error.empty()) {
    out << fmt::format("    <testcase classname=\"{}\" name=\"run\">\n", xml_escape(s.scenario));
    out << fmt::format("      <error type=\"harness\" message=\"{}\">reproduce: {}</error>\n",
                       xml_escape(s.harness_error), xml_escape(s.reproduce));
    out << "    </testcase>\n";
  }
  for (const CheckOutcome& c : s.checks) write_testcase(s, c, out);
  out << "  </testsuite>\n";
}

void write_input_errors(const RunReport& report, std::ostream& out) {
  if (report.input_errors.empty()) return;
  out << fmt::format("  <testsuite name=\"invalid-input\" tests=\"{0}\" failures=\"0\" errors=\"{0}\" skipped=\"0\">\n",
                     report.input_errors.size());
  for (std::size_t i = 0; i < report.input_errors.size(); ++i) {
    out << fmt::format("    <testcase classname=\"invalid-input\" name=\"input-{}\">\n", i + 1);
    out << fmt::format("      <error type=\"invalid_input\" message=\"{}\"/>\n", xml_escape(report.input_errors[i]));
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n";
}

// JUnit XML in the shape CI servers read: testsuites > testsuite (one per
// scenario) > testcase (one per check). An expected failure is a passing
// case. A declared failure that passed is <failure type="escaped">, and a
// fault of the harness is <error>.
class JunitReportWriter final : public ReportWriter {
 public:
  std::string_view format() const override { return "junit"; }
  std::string_view file_name() const override { return "junit.xml"; }

  void write(const RunReport& report, std::ostream& out) const override {
    SuiteCounts total;
    for (const ScenarioResult& s : report.scenarios) {
      SuiteCounts n = count(s);
      total.tests += n.tests;
      total.failures += n.failures;
      total.errors += n.errors;
      total.skipped += n.skipped;
    }
    total.tests += report.input_errors.size();
    total.errors += report.input_errors.size();

    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << fmt::format("<testsuites name=\"freezedrill {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                       xml_escape(report.tool_version), total.tests, total.failures, total.errors, total.skipped);
    for (const ScenarioResult& s : report.scenarios) write_suite(s, out);
    write_input_errors(report, out);
    out << "</testsuites>\n";
  }
};

}  // namespace

std::unique_ptr<ReportWriter> make_junit_report_writer() { return std::make_unique<JunitReportWriter>(); }

}  // namespace freezedrill
