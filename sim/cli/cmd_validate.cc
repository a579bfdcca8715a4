#include <iostream>

#include <fmt/format.h>

#include "sim/cli/app.h"
#include "sim/core/error.h"

namespace freezedrill::cli {
namespace {

int validate_command(const std::vector<std::string>& args, const Env& env) {
  std::vector<std::string> errors;
  std::vector<std::string> files = expand_scenario_args(args, errors);
  for (const std::string& e : errors) std::cerr << "freezedrill: " << e << '\n';

  for (const std::string& file : files) {
    try {
      Scenario s = load_scenario_file(file, env.scenario_context());
      if (!env.quiet) std::cout << fmt::format("ok  {}  (scenario {}, hash {})\n", display_path(file), s.name, s.hash);
    } catch (const InputError& e) {
      std::cerr << "freezedrill: " << e.what() << '\n';
      errors.push_back(e.what());
    }
  }
  return errors.empty() ? kExitMet : kExitInvalid;
}

}  // namespace

Command add_validate_command(CLI::App& app, const Env& env) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("validate", "Validate scenario files without running them");
  cmd->add_option("scenarios", *files, "Scenario files or directories")->required();
  return {cmd, [files, &env] { return validate_command(*files, env); }};
}

}  // namespace freezedrill::cli
