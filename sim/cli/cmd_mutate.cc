// `freezedrill mutate SCENARIO`: scenario power against the defect catalogue.
// The output is a report, not a gate, so the command exits 0 whatever it
// finds, unless --require-all is given and a defect gets through.

#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/cli/app.h"
#include "sim/core/error.h"
#include "sim/runner/mutate.h"

namespace freezedrill::cli {
namespace {

constexpr int kMutateFormatVersion = 1;

struct MutateArgs {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::string format = "text";
  bool require_all = false;
};

std::string summary_line(const MutationReport& report) {
  std::string line = fmt::format("caught {} of {} applicable defects ({} not applicable",
                                 report.count(MutationResult::kCaught), report.applicable(),
                                 report.count(MutationResult::kNotApplicable));
  int already_on = report.count(MutationResult::kAlreadyOn);
  if (already_on > 0) line += fmt::format(", {} already on", already_on);
  return line + ")";
}

nlohmann::ordered_json to_json(const MutationReport& report) {
  nlohmann::ordered_json defects = nlohmann::ordered_json::array();
  for (const DefectMutation& d : report.defects) {
    defects.push_back({{"name", d.defect},
                       {"class", d.failure_class},
                       {"result", mutation_result_name(d.result)},
                       {"expected_checks", d.expected_checks},
                       {"failed_checks", d.failed_checks},
                       {"reason", d.reason}});
  }
  return {{"version", kMutateFormatVersion},
          {"scenario", report.scenario},
          {"file", report.file},
          {"seed", report.seed},
          {"failing_without_defects", report.failing_without_defects},
          {"defects", defects},
          {"summary", summary_line(report)}};
}

// ANSI colour for a result on a terminal: green caught, yellow partly or by
// other checks, red escaped or failed, none for the skipped ones.
std::string_view result_color(MutationResult result) {
  switch (result) {
    case MutationResult::kCaught: return "\x1b[32m";
    case MutationResult::kPartlyCaught:
    case MutationResult::kCaughtByOther: return "\x1b[33m";
    case MutationResult::kEscaped:
    case MutationResult::kHarnessError: return "\x1b[31m";
    default: return "";
  }
}

// Writes the `defect | class | result | why` table, one row per defect in
// `rows`, with the columns padded to their widest cell.
void write_table(const std::vector<const DefectMutation*>& rows, std::ostream& out, bool color) {
  std::size_t name_width = 6;
  std::size_t class_width = 5;
  std::size_t result_width = 6;
  for (const DefectMutation* d : rows) {
    name_width = std::max(name_width, d->defect.size());
    class_width = std::max(class_width, d->failure_class.size());
    result_width = std::max(result_width, mutation_result_name(d->result).size());
  }

  out << fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", "defect", name_width, "class", class_width, "result",
                     result_width, "why");
  for (const DefectMutation* d : rows) {
    std::string result = fmt::format("{:<{}}", mutation_result_name(d->result), result_width);
    std::string_view start = color ? result_color(d->result) : "";
    if (!start.empty()) result = fmt::format("{}{}\x1b[0m", start, result);
    out << fmt::format("{:<{}}  {:<{}}  {}  {}\n", d->defect, name_width, d->failure_class, class_width, result,
                       d->reason);
  }
}

void write_text(const MutationReport& report, std::ostream& out, bool color) {
  std::vector<const DefectMutation*> rows;
  for (const DefectMutation& d : report.defects) rows.push_back(&d);
  out << fmt::format("scenario {} ({}), seed {}\n", report.scenario, report.file, report.seed);
  if (!report.failing_without_defects.empty()) {
    std::string failing;
    for (const std::string& c : report.failing_without_defects) failing += (failing.empty() ? "" : ", ") + c;
    out << fmt::format("fails without added defects: {} (these checks cannot show a defect)\n", failing);
  }
  write_table(rows, out, color);
  out << summary_line(report) << '\n';
}

// Under --quiet, the defects that made --require-all fail, for CI logs.
void write_gaps(const MutationReport& report, std::ostream& out) {
  std::vector<const DefectMutation*> rows;
  for (const DefectMutation& d : report.defects) {
    if (d.result == MutationResult::kEscaped || d.result == MutationResult::kPartlyCaught ||
        d.result == MutationResult::kHarnessError) {
      rows.push_back(&d);
    }
  }
  write_table(rows, out, false);
  out << summary_line(report) << '\n';
}

Scenario load_for_mutation(const std::string& file, const Env& env) {
  Scenario scenario = load_scenario_file(file, env.scenario_context());
  scenario.source = display_path(file);
  return scenario;
}

int mutate_command(const MutateArgs& args, const Env& env) {
  if (args.format != "text" && args.format != "json") {
    std::cerr << fmt::format("freezedrill: unknown format \"{}\" for mutate; use text or json\n", args.format);
    return kExitInvalid;
  }

  MutationReport report;
  try {
    Scenario scenario = load_for_mutation(args.scenario, env);
    MutationProgress progress;
    if (env.progress) {
      progress = [](std::size_t index, std::size_t total, const std::string& defect) {
        std::cerr << fmt::format("\r[{}/{}] {}\x1b[K", index, total, defect);
      };
    }
    report = mutate_scenario(scenario, args.seed.value_or(scenario.seed), env.checks, env.defects, progress);
    if (env.progress) std::cerr << "\r\x1b[K";
  } catch (const InputError& e) {
    if (env.progress) std::cerr << "\r\x1b[K";
    std::cerr << "freezedrill: " << e.what() << '\n';
    return kExitInvalid;
  }

  int code = args.require_all && report.any_gap() ? kExitUnmet : kExitMet;
  if (args.format == "json") {
    std::cout << to_json(report).dump(2) << '\n';
  } else if (!env.quiet) {
    write_text(report, std::cout, env.color);
  } else if (code != kExitMet) {
    write_gaps(report, std::cerr);
  }
  return code;
}

}  // namespace

Command add_mutate_command(CLI::App& app, const Env& env) {
  auto args = std::make_shared<MutateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "mutate", "Run a scenario once per catalogue defect and report which defects its checks catch");
  cmd->add_option("scenario", args->scenario, "Scenario file")->required();
  cmd->add_option("--seed", args->seed, "Seed for every run (default: the scenario's own seed)")
      ->check(seed_validator());
  cmd->add_option("--format", args->format, "Output format: text (a table, the default) or json");
  cmd->add_flag("--require-all", args->require_all,
                "Exit 1 if an applicable defect escaped, was only partly caught, or its run failed");
  return {cmd, [args, &env] { return mutate_command(*args, env); }};
}

}  // namespace freezedrill::cli
