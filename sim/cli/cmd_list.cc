#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "fakes/surfaces/surface.h"
#include "sim/cli/app.h"
#include "sim/core/error.h"
#include "sim/scenario/fault_catalogue.h"

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
  for (const FaultKind& k : fault_catalogue()) {
    std::cout << fmt::format("{:<17} {:<9} {}\n  fields: {}\n", k.kind, fault_class_name(k.fault_class), k.summary,
                             k.fields);
  }
}

// The bundled library of the repository this binary was built in: the
// binary sits at build/<preset>/freezedrill, the library at scenarios/.
std::optional<std::filesystem::path> bundled_library() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  std::filesystem::path dir = exe.parent_path().parent_path().parent_path() / "scenarios";
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  return dir;
}

int list_scenarios(const std::vector<std::string>& dirs, const Env& env) {
  std::vector<std::string> errors;
  std::vector<std::string> args = dirs;
  bool bundled = false;
  std::error_code ec;
  if (args.empty() && std::filesystem::is_directory("scenarios", ec)) {
    args.push_back("scenarios");
  } else if (args.empty()) {
    std::optional<std::filesystem::path> library = bundled_library();
    if (!library) {
      std::cerr << "freezedrill: list scenarios: no scenarios directory here and no bundled library next to the "
                   "binary; fix: name a directory, as in `freezedrill list scenarios path/to/scenarios`\n";
      return kExitInvalid;
    }
    args.push_back(library->string());
    bundled = true;
  }
  std::vector<std::string> files = expand_scenario_args(args, errors);
  for (const std::string& file : files) {
    try {
      Scenario s = load_scenario_file(file, env.scenario_context());
      std::string expect = s.expect_failure.empty() ? "pass" : "fail " + join(s.expect_failure);
      // Outside the repository, the full path of a bundled file is the useful one.
      std::string shown = bundled ? file : display_path(file);
      std::cout << fmt::format("{:<40}  {:<48}  {}\n", s.name, shown, expect);
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
  cmd->add_option("dirs", *dirs,
                  "For scenarios: files or directories (default: ./scenarios, else the library of the repository "
                  "the binary was built in)");
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
