#include "reports/report_writer.h"

namespace freezedrill {

std::unique_ptr<ReportWriter> make_json_report_writer();
std::unique_ptr<ReportWriter> make_junit_report_writer();

std::unique_ptr<ReportWriter> make_report_writer(std::string_view format) {
  if (format == "json") return make_json_report_writer();
  if (format == "junit") return make_junit_report_writer();
  return nullptr;
}

std::vector<std::string> report_formats() { return {"json", "junit"}; }

}  // namespace freezedrill
