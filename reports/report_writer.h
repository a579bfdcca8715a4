#ifndef FREEZEDRILL_REPORTS_REPORT_WRITER_H_
#define FREEZEDRILL_REPORTS_REPORT_WRITER_H_

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/result/result.h"

namespace freezedrill {

inline constexpr const char* kReportFormat = "freezedrill-report";
inline constexpr int kReportFormatVersion = 1;

// Writes a run report in one format. Writers read only the result model.
// Output is byte-identical for identical reports: no wall-clock time and no
// absolute paths.
class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual std::string_view format() const = 0;     // "json"
  virtual std::string_view file_name() const = 0;  // "report.json"
  virtual void write(const RunReport& report, std::ostream& out) const = 0;
};

// The writer for a format name, or nullptr if there is none.
std::unique_ptr<ReportWriter> make_report_writer(std::string_view format);
// Every format make_report_writer accepts, for help text and errors.
std::vector<std::string> report_formats();

// The human summary printed at the end of a run: a scenario x check table of
// verdicts, then, for every unmet expectation, the seed, the command that
// reproduces it, the first evidence and the remedy.
struct TerminalStyle {
  bool color = false;
};
void write_terminal_summary(const RunReport& report, std::ostream& out, TerminalStyle style);

}  // namespace freezedrill

#endif  // FREEZEDRILL_REPORTS_REPORT_WRITER_H_
