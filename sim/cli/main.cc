// freezedrill: proves that a service can freeze writes for a maintenance
// window while reads stay healthy. This file only parses the command line
// and dispatches to the commands.

#include <unistd.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "fakes/defects/builtin_defects.h"
#include "sim/checks/check.h"
#include "sim/cli/app.h"
#include "sim/runner/runner.h"

int main(int argc, char** argv) {
  using namespace freezedrill;

  cli::Env env{builtin_checks(), builtin_defects()};

  CLI::App app{"freezedrill: read-only readiness drills for maintenance windows"};
  app.set_version_flag("--version", std::string("freezedrill ") + kToolVersion);
  app.require_subcommand(1);
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "Print nothing on success; failures and errors go to stderr");
  // Accept --quiet after the subcommand too, where users tend to put it.
  app.fallthrough();

  std::vector<cli::Command> commands = {
      cli::add_run_command(app, env),
      cli::add_validate_command(app, env),
      cli::add_check_command(app, env),
      cli::add_list_command(app, env),
      cli::add_mutate_command(app, env),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and version are successes and print as CLI11 formats them.
    if (e.get_exit_code() == 0) return app.exit(e);
    // Every other parse error is a usage error, said in the tool's own form.
    std::string where = "freezedrill";
    for (const CLI::App* sub : app.get_subcommands()) where += " " + sub->get_name();
    std::cerr << "freezedrill: " << e.what() << "; fix: see `" << where << " --help` for the accepted arguments\n";
    return cli::kExitInvalid;
  }

  env.quiet = quiet;
  env.progress = !quiet && isatty(STDERR_FILENO) != 0;
  env.color = isatty(STDOUT_FILENO) != 0;
  for (const cli::Command& c : commands) {
    if (c.app->parsed()) return c.run();
  }
  return cli::kExitInvalid;
}
