#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "reports/report_writer.h"
#include "sim/cli/app.h"
#include "sim/core/error.h"
#include "sim/history/jsonl.h"
#include "sim/runner/runner.h"
#include "sim/scenario/field.h"

namespace freezedrill::cli {
namespace {

namespace fs = std::filesystem;

struct RunArgs {
  std::vector<std::string> scenarios;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> defects;
  std::string format_list;
  std::string report_dir;
  std::string history_out;
  std::string keep_run_dir;
  bool allow_inconclusive = false;
  bool chaos = false;
};

void write_history(const History& history, const fs::path& path, std::vector<std::string>& errors) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) write_history_jsonl(history, out);
  if (!out) errors.push_back(fmt::format("{}: cannot write the history; check that the directory is writable",
                                         path.string()));
}

// The argument errors found before any scenario runs: an unknown --defect
// name, or a --history-out path that is a directory.
std::vector<std::string> argument_errors(const RunArgs& args, const Env& env) {
  std::vector<std::string> errors;
  std::vector<std::string> known;
  for (const DefectEntry& entry : env.defects.all()) known.push_back(entry.name);
  for (const std::string& name : args.defects) {
    if (env.defects.find(name) != nullptr) continue;
    errors.push_back(fmt::format("--defect \"{}\": no defect of that name in the catalogue; fix: {}; run "
                                 "`freezedrill list defects` to see each one",
                                 name, loader_detail::fix_for_unknown(name, known, "defects")));
  }
  std::error_code ec;
  if (!args.history_out.empty() && fs::is_directory(args.history_out, ec)) {
    errors.push_back(fmt::format("--history-out \"{}\" is a directory; fix: give a file name such as \"{}\", or "
                                 "use --report-dir \"{}\" to keep one history per scenario there",
                                 args.history_out, (fs::path(args.history_out) / "history.jsonl").string(),
                                 args.history_out));
  }
  return errors;
}

// Loads, runs and checks one scenario file. Input errors are added to `report`.
void run_one(const std::string& file, const RunArgs& args, const Env& env, RunReport& report) {
  Scenario scenario;
  try {
    scenario = load_scenario_file(file, env.scenario_context());
    scenario.source = display_path(file);
    add_defects(scenario, args.defects, env.scenario_context());
  } catch (const InputError& e) {
    std::cerr << "freezedrill: " << e.what() << '\n';
    report.input_errors.push_back(e.what());
    return;
  }
  if (args.allow_inconclusive) scenario.allow_inconclusive = true;

  std::uint64_t seed = args.seed.value_or(scenario.seed);
  std::string run_dir;
  if (!args.keep_run_dir.empty()) {
    run_dir = (fs::path(args.keep_run_dir) / fmt::format("{}.seed{}", scenario.name, seed)).string();
  }
  RunOutput out = run_scenario(scenario, seed, env.checks, args.defects, args.chaos, run_dir);

  if (!args.history_out.empty()) write_history(out.history, args.history_out, report.input_errors);
  if (!args.report_dir.empty()) {
    fs::path path = fs::path(args.report_dir) / "histories" / fmt::format("{}.seed{}.jsonl", scenario.name, seed);
    write_history(out.history, path, report.input_errors);
  }
  report.scenarios.push_back(std::move(out.result));
}

int run_command(RunArgs& args, const Env& env) {
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

  std::vector<std::string> arg_errors = argument_errors(args, env);
  if (!arg_errors.empty()) {
    for (const std::string& e : arg_errors) std::cerr << "freezedrill: " << e << '\n';
    return kExitInvalid;
  }

  std::vector<std::string> files = expand_scenario_args(args.scenarios, report.input_errors);
  if (!args.history_out.empty() && files.size() != 1) {
    std::cerr << fmt::format(
        "freezedrill: --history-out takes one scenario, but {} were given; fix: run one scenario, or use "
        "--report-dir, which keeps a history per scenario\n",
        files.size());
    return kExitInvalid;
  }

  for (std::size_t i = 0; i < files.size(); ++i) {
    if (env.progress) std::cerr << fmt::format("\r[{}/{}] {}\x1b[K", i + 1, files.size(), display_path(files[i]));
    run_one(files[i], args, env, report);
  }
  if (env.progress) std::cerr << "\r\x1b[K";
  return finish_report(report, output, env);
}

}  // namespace

Command add_run_command(CLI::App& app, const Env& env) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate scenarios on the reference deployment, check and report");
  cmd->add_option("scenarios", args->scenarios, "Scenario files or directories of *.json scenarios")->required();
  cmd->add_option("--seed", args->seed, "Seed for every scenario (default: each scenario's own seed)")
      ->check(seed_validator());
  // One name per --defect, so a scenario path after it is not taken as a defect.
  cmd->add_option("--defect", args->defects,
                  "Switch a catalogue defect on (repeat the option for several); its checks become the expected "
                  "failures")
      ->allow_extra_args(false);
  cmd->add_option("--format", args->format_list, "Report formats, comma-separated: json, junit (without --report-dir: the first on stdout)");
  cmd->add_option("--report-dir", args->report_dir, "Directory for reports and one history per scenario");
  cmd->add_option("--history-out", args->history_out, "Write the history of the (single) scenario as JSON Lines");
  cmd->add_option("--keep-run-dir", args->keep_run_dir,
                  "Keep each run's files (the intent queue's SQLite file) in DIR/<scenario>.seed<N>; without it "
                  "they go in a temporary directory removed after the run");
  cmd->add_flag("--allow-inconclusive", args->allow_inconclusive, "Do not fail the gate on inconclusive checks");
  cmd->add_flag("--chaos", args->chaos,
                "Add handled faults drawn from the seed (see `freezedrill list faults`); a correct deployment "
                "must still pass");
  return {cmd, [args, &env] { return run_command(*args, env); }};
}

}  // namespace freezedrill::cli
