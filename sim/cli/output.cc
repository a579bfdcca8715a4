#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "reports/report_writer.h"
#include "sim/cli/app.h"
#include "sim/core/error.h"

namespace freezedrill::cli {

namespace fs = std::filesystem;

std::string display_path(const std::string& path) {
  fs::path p(path);
  if (!p.is_absolute()) return p.lexically_normal().string();
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) return p.filename().string();
  fs::path rel = p.lexically_normal().lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..") return p.filename().string();
  return rel.string();
}

std::vector<std::string> expand_scenario_args(const std::vector<std::string>& args, std::vector<std::string>& errors) {
  std::vector<std::string> files;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      try {
        for (std::string& f : scenario_files_in(arg)) files.push_back(std::move(f));
      } catch (const InputError& e) {
        errors.push_back(e.what());
      }
      continue;
    }
    files.push_back(arg);  // a missing file is reported by the loader with the fix
  }
  return files;
}

CLI::Validator seed_validator() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (text.empty() || ec != std::errc() || ptr != end) {
          return "invalid seed \"" + text + "\"; fix: use a whole number from 0 to 18446744073709551615";
        }
        return "";
      },
      "UINT64");
}

std::vector<std::string> parse_formats(const std::string& list) {
  std::vector<std::string> formats;
  std::string item;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || list[i] == ',') {
      if (!item.empty()) formats.push_back(item);
      item.clear();
    } else {
      item += list[i];
    }
  }
  for (const std::string& f : formats) {
    if (make_report_writer(f) == nullptr) {
      std::string known;
      for (const std::string& k : report_formats()) known += (known.empty() ? "" : ", ") + k;
      throw InputError({"--format", 0, 0, ""}, "unknown report format", f, "use one of: " + known);
    }
  }
  return formats;
}

namespace {

bool write_file(const fs::path& path, const RunReport& report, const ReportWriter& writer) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  writer.write(report, out);
  return static_cast<bool>(out);
}

}  // namespace

int finish_report(const RunReport& report, const OutputOptions& output, const Env& env) {
  int code = !report.input_errors.empty() ? kExitInvalid : (report.all_met() ? kExitMet : kExitUnmet);

  bool report_to_stdout = output.report_dir.empty() && !output.formats.empty();
  if (!output.report_dir.empty()) {
    std::error_code ec;
    fs::create_directories(output.report_dir, ec);
    for (const std::string& format : output.formats) {
      auto writer = make_report_writer(format);
      fs::path path = fs::path(output.report_dir) / std::string(writer->file_name());
      if (!write_file(path, report, *writer)) {
        std::cerr << fmt::format("freezedrill: cannot write report {}: check that the directory is writable\n",
                                 path.string());
        code = kExitInvalid;
      }
    }
  } else if (report_to_stdout) {
    make_report_writer(output.formats.front())->write(report, std::cout);
  }

  // The table goes to stdout unless stdout carries a machine-readable report.
  std::ostream& human = report_to_stdout ? std::cerr : std::cout;
  if (!env.quiet) {
    write_terminal_summary(report, human, TerminalStyle{env.color && !report_to_stdout});
    if (!output.report_dir.empty()) human << "reports written to " << output.report_dir << '\n';
  } else if (code != kExitMet) {
    // --quiet still reports why a gate failed.
    write_terminal_summary(report, std::cerr, TerminalStyle{false});
  }
  return code;
}

}  // namespace freezedrill::cli
