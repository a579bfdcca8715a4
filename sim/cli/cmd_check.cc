#include <iostream>

#include "sim/cli/app.h"
#include "sim/core/error.h"
#include "sim/history/jsonl.h"
#include "sim/runner/runner.h"

namespace freezedrill::cli {
namespace {

struct CheckArgs {
  std::string history;
  std::string format_list;
  std::string report_dir;
};

int check_command(const CheckArgs& args, const Env& env) {
  RunReport report;
  report.tool_version = kToolVersion;
  OutputOptions output;
  output.report_dir = args.report_dir;
  try {
    output.formats = parse_formats(args.format_list);
  } catch (const InputError& e) {
    std::cerr << "freezedrill: " << e.what() << '\n';
    return kExitInvalid;
  }
  if (!output.report_dir.empty() && output.formats.empty()) output.formats = {"json"};

  try {
    History history = read_history_file(args.history);
    report.scenarios.push_back(check_history(history, env.checks, display_path(args.history)));
  } catch (const InputError& e) {
    std::cerr << "freezedrill: " << e.what() << '\n';
    report.input_errors.push_back(e.what());
  }
  return finish_report(report, output, env);
}

}  // namespace

Command add_check_command(CLI::App& app, const Env& env) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Re-check a recorded history with the options in its header");
  cmd->add_option("history", args->history, "History file (JSON Lines) written by run --history-out")->required();
  cmd->add_option("--format", args->format_list, "Report formats, comma-separated: json, junit (without --report-dir: the first on stdout)");
  cmd->add_option("--report-dir", args->report_dir, "Directory for the report");
  return {cmd, [args, &env] { return check_command(*args, env); }};
}

}  // namespace freezedrill::cli
