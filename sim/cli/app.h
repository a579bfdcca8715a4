#ifndef FREEZEDRILL_SIM_CLI_APP_H_
#define FREEZEDRILL_SIM_CLI_APP_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/catalogue/catalogue.h"
#include "sim/checks/check.h"
#include "sim/result/result.h"
#include "sim/scenario/loader.h"

namespace freezedrill::cli {

// Exit codes of every command.
enum ExitCode : int {
  kExitMet = 0,          // every expectation met
  kExitUnmet = 1,        // a check failed, escaped, or was inconclusive
  kExitInvalid = 2,      // invalid input or usage (wins over the others)
  kExitUnreachable = 3,  // target or environment unreachable
};

// The built-in registries and the output mode, shared by every command.
struct Env {
  const CheckRegistry& checks;
  const DefectCatalogue& defects;
  bool quiet = false;
  bool progress = false;  // stderr is a terminal and --quiet is off
  bool color = false;     // stdout is a terminal

  ScenarioContext scenario_context() const { return {checks, defects}; }
};

// Options shared by `run` and `check` for output.
struct OutputOptions {
  std::vector<std::string> formats;
  std::string report_dir;
};

// A subcommand and the action to run once the whole command line is parsed
// (so options such as --quiet are known wherever they appear).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_run_command(CLI::App& app, const Env& env);
Command add_validate_command(CLI::App& app, const Env& env);
Command add_check_command(CLI::App& app, const Env& env);
Command add_list_command(CLI::App& app, const Env& env);
Command add_mutate_command(CLI::App& app, const Env& env);

// Writes the report in each format to the report directory (or, with no
// directory, a single format to stdout) and the summary table. Returns the
// exit code for the report.
int finish_report(const RunReport& report, const OutputOptions& output, const Env& env);

// Accepts a seed: a decimal integer from 0 to 2^64 - 1, nothing else (no
// sign, no exponent), so a typo is an error instead of a wrapped value.
CLI::Validator seed_validator();

// Splits "json,junit" into format names. Throws InputError naming an
// unknown format and the known ones.
std::vector<std::string> parse_formats(const std::string& list);

// A path as the report shows it: relative to the working directory where
// possible, never absolute when the file is under it.
std::string display_path(const std::string& path);

// The scenario files named by the arguments: files as given, directories
// expanded to their *.json files. Invalid arguments are added to `errors`.
std::vector<std::string> expand_scenario_args(const std::vector<std::string>& args, std::vector<std::string>& errors);

}  // namespace freezedrill::cli

#endif  // FREEZEDRILL_SIM_CLI_APP_H_
