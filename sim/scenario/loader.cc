#include "sim/scenario/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "sim/core/calendar.h"
#include "sim/core/error.h"
#include "sim/core/hash.h"
#include "sim/scenario/field.h"
#include "sim/scenario/json_text.h"
#include "sim/scenario/sections.h"

namespace freezedrill {
namespace {

using loader_detail::Field;
using loader_detail::ObjectField;

constexpr int kFormatVersion = 1;

const std::vector<std::string> kTopKeys = {"version",  "scenario",   "service",  "description", "seed",
                                           "epoch",    "duration",   "window",   "deployment",  "surfaces",
                                           "faults",   "expect",     "expect_failure"};

bool is_scenario_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// The version comes first, so that a file written for a later format gets
// that explanation rather than complaints about keys this version lacks.
void read_version(const ObjectField& top) {
  Field version = top.require("version", "add \"version\": 1");
  std::int64_t value = version.as_integer(0, std::numeric_limits<std::int64_t>::max());
  if (value != kFormatVersion) {
    version.fail(fmt::format("unsupported scenario format version {}", value),
                 fmt::format("write \"version\": {}; this freezedrill reads format version {} only", kFormatVersion,
                             kFormatVersion));
  }
}

void read_identity(const ObjectField& top, Scenario& scenario) {
  scenario.name =
      top.require("scenario", "add a name such as \"kv-window-baseline\"")
          .as_name("lower-case letters, digits, _ and -, such as \"kv-window-baseline\"", is_scenario_name_char);
  scenario.service = top.require("service", "add the name of the service under test, such as \"search-api\"")
                         .as_string();
  if (auto description = top.find("description")) scenario.description = description->as_string(true);
  if (auto seed = top.find("seed")) scenario.seed = seed->as_unsigned();
}

void read_timeline(const ObjectField& top, Scenario& scenario) {
  const char* epoch_fix =
      "write an RFC 3339 time with whole seconds and a Z or +hh:mm offset, such as \"2026-03-01T02:00:00Z\"";
  Field epoch = top.require("epoch", epoch_fix);
  scenario.epoch = epoch.as_string();
  std::optional<std::int64_t> unix_seconds = parse_rfc3339(scenario.epoch);
  if (!unix_seconds) epoch.fail("invalid epoch", epoch_fix);
  scenario.epoch_unix = *unix_seconds;

  scenario.duration = top.require("duration", "add the length of the run, such as \"6m\"").as_duration({1, false});
}

// A defect that drives a surface kind cannot act in a scenario without one.
std::optional<std::string> missing_surface_kind(const Scenario& scenario, const DefectEntry& entry) {
  for (const std::string& kind : entry.surfaces) {
    if (!scenario.has_surface_kind(kind)) return kind;
  }
  return std::nullopt;
}

void check_defects_fit(const ObjectField& top, const Scenario& scenario, const ScenarioContext& context) {
  const std::vector<std::string>& defects = scenario.deployment.defects;
  Field defects_field = *ObjectField(*top.find("deployment"), "\"deployment\"").find("defects");
  for (std::size_t i = 0; i < defects.size(); ++i) {
    const DefectEntry& entry = *context.defects.find(defects[i]);
    if (auto kind = missing_surface_kind(scenario, entry)) {
      std::string pointer = loader_detail::child_pointer(defects_field.pointer(), i);
      Field item(defects_field.json()[i], pointer, top.field().source());
      item.fail(fmt::format("defect \"{}\" needs a \"{}\" surface, and the scenario has none", entry.name, *kind),
                fmt::format("add a surface of kind \"{}\" to \"surfaces\", or remove the defect", *kind));
    }
  }

  std::vector<std::string> expected = context.defects.expected_checks(defects);
  if (scenario.expect_failure == expected) return;
  std::string fix = fmt::format("write \"expect_failure\": {}", nlohmann::json(expected).dump());
  std::string problem = "expect_failure must list exactly the checks that the scenario's defects make fail";
  if (auto found = top.find("expect_failure")) found->fail(problem, fix);
  throw InputError(InputError::Place{top.field().source(), 0, 0, "/expect_failure"}, problem, "", fix);
}

// Reads the sections in dependency order: the window needs the duration, the
// deployment needs the window's mode (for refuse_status), surfaces and faults
// need the deployment, and the defects need the surfaces.
void read_sections(const ObjectField& top, const ScenarioContext& context, Scenario& scenario,
                   nlohmann::json& normalised) {
  Field window = top.require("window", "add \"window\": { \"start\": \"60s\", \"end\": \"4m\" }");
  scenario.window = loader_detail::read_window(window, scenario.duration, normalised["window"]);

  Field deployment = top.require("deployment", "add \"deployment\": {} for the reference deployment's defaults");
  scenario.deployment =
      loader_detail::read_deployment(deployment, scenario.window, context.defects, normalised["deployment"]);
  // The epoch was validated when it was read, so its offset is known.
  scenario.deployment.banner.utc_offset_minutes = rfc3339_offset_minutes(scenario.epoch).value_or(0);

  Field surfaces = top.require("surfaces", "add \"surfaces\": [ { \"kind\": \"client\", \"name\": \"web\", "
                                           "\"rate\": \"1/s\" } ]");
  scenario.surfaces = loader_detail::read_surfaces(surfaces, scenario.deployment);
  if (auto faults = top.find("faults")) scenario.faults = loader_detail::read_faults(*faults, scenario);

  normalised["expect"] = {{"allow_inconclusive", false}};
  if (auto expect = top.find("expect")) {
    normalised["expect"] = loader_detail::read_expect(*expect, context.checks, scenario);
  }
  if (auto expect_failure = top.find("expect_failure")) {
    scenario.expect_failure = loader_detail::read_expect_failure(*expect_failure, context.checks);
  }
  if (!scenario.deployment.defects.empty()) check_defects_fit(top, scenario, context);
}

nlohmann::json normalise(const Scenario& scenario, nlohmann::json sections) {
  nlohmann::json surfaces = nlohmann::json::array();
  for (const SurfaceSpec& s : scenario.surfaces) surfaces.push_back(s.config);
  nlohmann::json faults = nlohmann::json::array();
  for (const FaultSpec& f : scenario.faults) faults.push_back(f.config);

  sections["version"] = scenario.version;
  sections["scenario"] = scenario.name;
  sections["service"] = scenario.service;
  sections["description"] = scenario.description;
  sections["seed"] = scenario.seed;
  sections["epoch"] = scenario.epoch;
  sections["duration"] = format_duration(scenario.duration);
  sections["surfaces"] = surfaces;
  sections["faults"] = faults;
  sections["expect_failure"] = scenario.expect_failure;
  return sections;
}

void rehash(Scenario& scenario) { scenario.hash = hex64(fnv1a64(scenario.normalised.dump())); }

std::string read_file_text(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    throw InputError(InputError::Place{path, 0, 0, ""}, "scenario file not found", "",
                     "check the path; `freezedrill list scenarios` shows the scenarios of the library");
  }
  if (ec) {
    throw InputError(InputError::Place{path, 0, 0, ""}, "failed to access the scenario file: " + ec.message(), "",
                     "check the path and the permissions of its directories");
  }
  if (fs::is_directory(status)) {
    throw InputError(InputError::Place{path, 0, 0, ""}, "expected a scenario file, got a directory", "",
                     "name a .json file, or pass the directory to `freezedrill run`, which runs each .json file in it");
  }

  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    throw InputError(InputError::Place{path, 0, 0, ""}, "failed to read the scenario file", "",
                     "check that the file is readable by the current user");
  }
  return text.str();
}

}  // namespace

Scenario load_scenario_text(std::string_view text, const std::string& source_name, const ScenarioContext& context) {
  nlohmann::json root = loader_detail::parse_json_with_comments(text, source_name);
  ObjectField top(Field(root, "", source_name), "the scenario");
  read_version(top);
  top.allow_keys(kTopKeys);

  Scenario scenario;
  scenario.source = source_name;
  read_identity(top, scenario);
  read_timeline(top, scenario);
  nlohmann::json sections = nlohmann::json::object();
  read_sections(top, context, scenario, sections);

  scenario.normalised = normalise(scenario, std::move(sections));
  rehash(scenario);
  return scenario;
}

Scenario load_scenario_file(const std::string& path, const ScenarioContext& context) {
  return load_scenario_text(read_file_text(path), path, context);
}

void add_defects(Scenario& scenario, const std::vector<std::string>& defects, const ScenarioContext& context) {
  // Every name is checked before the scenario changes, so a bad list leaves it as it was.
  std::vector<std::string> known;
  for (const DefectEntry& entry : context.defects.all()) known.push_back(entry.name);
  for (const std::string& name : defects) {
    InputError::Place place{scenario.source, 0, 0, ""};
    const DefectEntry* entry = context.defects.find(name);
    if (entry == nullptr) {
      throw InputError(place, fmt::format("unknown defect \"{}\"", name), loader_detail::show_value(name),
                       loader_detail::fix_for_unknown(name, known, "defects") +
                           "; run `freezedrill list defects` to see each one");
    }
    if (auto kind = missing_surface_kind(scenario, *entry)) {
      std::string elsewhere = entry->scenario.empty() ? "" : fmt::format(" such as {}", entry->scenario);
      throw InputError(place,
                       fmt::format("defect \"{}\" needs a \"{}\" surface, and scenario \"{}\" has none", name, *kind,
                                   scenario.name),
                       loader_detail::show_value(name),
                       fmt::format("run the defect with a scenario that has a \"{}\" surface{}", *kind, elsewhere));
    }
  }

  if (defects.empty()) return;  // keep the scenario's own expect_failure as written

  std::vector<std::string>& active = scenario.deployment.defects;
  for (const std::string& name : defects) {
    if (std::find(active.begin(), active.end(), name) == active.end()) active.push_back(name);
  }
  // The scenario's own expected failures (from its defects or detected
  // faults) stay; the switched-on defects add their catalogue sets.
  std::set<std::string> expected(scenario.expect_failure.begin(), scenario.expect_failure.end());
  for (const std::string& check : context.defects.expected_checks(active)) expected.insert(check);
  scenario.expect_failure.assign(expected.begin(), expected.end());
  scenario.normalised["deployment"]["defects"] = active;
  scenario.normalised["expect_failure"] = scenario.expect_failure;
  rehash(scenario);
}

std::vector<std::string> scenario_files_in(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(directory, ec);
  if (ec) {
    throw InputError(InputError::Place{directory, 0, 0, ""}, "failed to read the scenario directory: " + ec.message(),
                     "", "check that the directory exists and is readable");
  }

  std::vector<fs::path> files;
  while (it != fs::directory_iterator()) {
    // An entry whose type cannot be read (a dangling link) is not a scenario file.
    std::error_code type_ec;
    if (it->path().extension() == ".json" && it->is_regular_file(type_ec)) files.push_back(it->path());
    it.increment(ec);
    if (ec) {
      throw InputError(InputError::Place{directory, 0, 0, ""},
                       "failed to list the scenario directory: " + ec.message(), "",
                       "check that the directory is readable");
    }
  }

  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
  std::vector<std::string> out;
  for (const fs::path& p : files) out.push_back(p.string());
  return out;
}

}  // namespace freezedrill
