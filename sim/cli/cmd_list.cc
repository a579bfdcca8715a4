#include <iostream>

#include <fmt/format.h>

#include "fakes/surfaces/surface.h"
#include "sim/cli/app.h"
#include "sim/core/error.h"

namespace freezedrill::cli {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : std::string(sep)) + i;
  return out;
}

void list_checks(const Env& env) {
  for (const auto& c : env.checks.all()) {
    std::cout << fmt::format("{}\n  {}\n", c->name(), c->summary());
    for (const OptionSpec& o : c->options()) {
      std::string def = o.default_value.is_null() ? o.null_means : o.default_value.dump();
      std::cout << fmt::format("  option {} (default {}): {}\n", o.name, def, o.help);
    }
  }
}

void list_defects(const Env& env) {
  for (const DefectEntry& d : env.defects.all()) {
    std::cout << fmt::format("{}\n  class: {}\n  {}\n  must fail: {}\n", d.name, d.failure_class, d.description,
                             join(d.checks));
    if (!d.surfaces.empty()) std::cout << fmt::format("  needs surfaces: {}\n", join(d.surfaces));
    std::cout << fmt::format("  scenario: {}\n  baseline: {}\n", d.scenario, d.baseline);
  }
}

void list_surfaces() {
  for (const SurfaceKind& k : surface_kinds()) std::cout << fmt::format("{:<18}  {}\n", k.kind, k.summary);
}

void list_faults() {
  std::cout << "flag_late     handled   an instance sees flag changes late by `delay`; the gateway still fences\n"
               "flag_cleared  detected  another actor clears the flag store inside the window; checks must fail\n"
               "purge_failing handled   the banner cache's purge API fails for `duration`; the runbook retries the\n"
               "                        purge, so a change still arrives within max_stale if the outage is short\n";
}

int list_scenarios(const std::vector<std::string>& dirs, const Env& env) {
  std::vector<std::string> errors;
  std::vector<std::string> files = expand_scenario_args(dirs.empty() ? std::vector<std::string>{"scenarios"} : dirs,
                                                        errors);
  for (const std::string& file : files) {
    try {
      Scenario s = load_scenario_file(file, env.scenario_context());
      std::string expect = s.expect_failure.empty() ? "pass" : "fail " + join(s.expect_failure);
      std::cout << fmt::format("{:<40}  {:<48}  {}\n", s.name, display_path(file), expect);
    } catch (const InputError& e) {
      errors.push_back(e.what());
    }
  }
  for (const std::string& e : errors) std::cerr << "freezedrill: " << e << '\n';
  return errors.empty() ? kExitMet : kExitInvalid;
}

}  // namespace

Command add_list_command(CLI::App& app, const Env& env) {
  auto what = std::make_shared<std::string>();
  auto dirs = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("list", "List scenarios, checks, defects, surfaces or faults");
  cmd->add_option("what", *what, "scenarios, checks, defects, surfaces or faults")
      ->required()
      ->check(CLI::IsMember({"scenarios", "checks", "defects", "surfaces", "faults"}));
  cmd->add_option("dirs", *dirs, "For scenarios: files or directories (default: scenarios)");
  return {cmd, [what, dirs, &env] {
            if (*what == "scenarios") return list_scenarios(*dirs, env);
            if (*what == "checks") list_checks(env);
            else if (*what == "defects") list_defects(env);
            else if (*what == "surfaces") list_surfaces();
            else list_faults();
            return static_cast<int>(kExitMet);
          }};
}

}  // namespace freezedrill::cli
