#include "sim/runner/runner.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "fakes/deployment/reference_deployment.h"
#include "fakes/surfaces/surface.h"
#include "sim/runner/chaos.h"
#include "sim/runner/operator.h"
#include "sim/runtime/sim_runtime.h"

namespace freezedrill {
namespace {

// Quotes a command-line argument for a POSIX shell when it needs it.
std::string shell_quote(const std::string& arg) {
  bool plain = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
           c == '_' || c == '-' || c == '=' || c == ':' || c == ',';
  });
  if (plain) return arg;
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::vector<std::unique_ptr<Surface>> build_surfaces(SurfaceContext& context) {
  std::vector<std::unique_ptr<Surface>> surfaces;
  for (const SurfaceSpec& spec : context.scenario.surfaces) {
    const SurfaceKind* kind = find_surface_kind(spec.kind);
    if (kind == nullptr) throw std::logic_error("surface kind passed validation but is not registered: " + spec.kind);
    for (auto& s : kind->make(spec, context)) surfaces.push_back(std::move(s));
  }
  return surfaces;
}

ScenarioResult base_result(const HistoryHeader& h, const std::string& file) {
  ScenarioResult r;
  r.scenario = h.scenario;
  r.file = file;
  r.scenario_hash = h.scenario_hash;
  r.service = h.service;
  r.seed = h.seed;
  r.defects = h.defects;
  r.expect_failure = h.expect_failure;
  r.allow_inconclusive = h.allow_inconclusive;
  r.duration = h.duration;
  return r;
}

}  // namespace

HistoryHeader make_header(const Scenario& s, std::uint64_t seed, const CheckRegistry& checks) {
  HistoryHeader h;
  h.tool_version = kToolVersion;
  h.scenario = s.name;
  h.scenario_hash = s.hash;
  h.service = s.service;
  h.description = s.description;
  h.seed = seed;
  h.epoch = s.epoch;
  h.epoch_unix = s.epoch_unix;
  h.duration = s.duration;

  h.mode = s.window.mode;
  h.start = s.window.start;
  h.end = s.window.end;
  h.announce_lead = s.window.announce_lead;
  h.soak = s.window.soak;
  h.retry_after = s.window.retry_after;
  h.queue_ack = s.deployment.queue_ack;

  h.endpoints = s.deployment.endpoints;
  h.error_code = s.deployment.error_code;
  h.defects = s.deployment.defects;
  h.expect_failure = s.expect_failure;
  if (s.normalised.is_object()) {
    h.deployment = s.normalised.value("deployment", nlohmann::json::object());
    h.surfaces = s.normalised.value("surfaces", nlohmann::json::array());
    h.faults = s.normalised.value("faults", nlohmann::json::array());
  }

  h.check_options = checks.resolve_options(s.expect);
  h.allow_inconclusive = s.allow_inconclusive;
  return h;
}

std::string reproduce_command(const Scenario& scenario, std::uint64_t seed,
                              const std::vector<std::string>& extra_defects, bool chaos) {
  std::string cmd = fmt::format("freezedrill run {} --seed {}", shell_quote(scenario.source), seed);
  for (const std::string& d : extra_defects) cmd += " --defect " + shell_quote(d);
  if (chaos) cmd += " --chaos";
  return cmd;
}

RunOutput run_scenario(const Scenario& file_scenario, std::uint64_t seed, const CheckRegistry& checks,
                       const std::vector<std::string>& extra_defects, bool chaos,
                       const std::string& run_dir) {
  Scenario with_chaos;
  if (chaos) {
    with_chaos = file_scenario;
    add_chaos_faults(with_chaos, seed, checks);
  }
  const Scenario& scenario = chaos ? with_chaos : file_scenario;

  RunOutput out;
  out.history.header() = make_header(scenario, seed, checks);
  out.result = base_result(out.history.header(), scenario.source);
  out.result.reproduce = reproduce_command(scenario, seed, extra_defects, chaos);

  try {
    SimRuntime runtime(seed, scenario.epoch_unix, out.history);
    ReferenceDeployment deployment(runtime, scenario.deployment, scenario.window, run_dir);
    SurfaceContext context{runtime, deployment, deployment, scenario};
    std::vector<std::unique_ptr<Surface>> surfaces = build_surfaces(context);

    std::vector<Surface*> surface_list;
    for (auto& s : surfaces) surface_list.push_back(s.get());
    Operator op(runtime, deployment, scenario, std::move(surface_list));
    op.schedule();
    for (auto& s : surfaces) s->start();
    runtime.run_until(scenario.duration);
  } catch (const std::exception& e) {
    // A fault of the harness itself, not a verdict. It is reported as an
    // error, and the events recorded so far are kept for inspection.
    out.result.harness_error = e.what();
    out.result.history_events = out.history.size();
    return out;
  }

  out.result.history_events = out.history.size();
  out.result.checks = judge_expectations(checks.run_all(out.history), out.history.header().expect_failure,
                                         out.history.header().allow_inconclusive);
  return out;
}

ScenarioResult check_history(const History& history, const CheckRegistry& checks, const std::string& file) {
  const HistoryHeader& h = history.header();
  ScenarioResult r = base_result(h, file);
  r.history_events = history.size();
  r.reproduce = fmt::format("freezedrill check {}", shell_quote(file));
  r.checks = judge_expectations(checks.run_all(history), h.expect_failure, h.allow_inconclusive);
  return r;
}

}  // namespace freezedrill
