#include "sim/runner/chaos.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/runtime/distributions.h"
#include "sim/runtime/prng.h"
#include "sim/scenario/fault_catalogue.h"
#include "sim/scenario/loader.h"

namespace freezedrill {
namespace {

// The scenario, stream and bounds the draws of one run use.
struct ChaosContext {
  const Scenario& scenario;
  Prng& rng;
  Micros skew_bound = 0;  // a drawn skew stays below it in size; 0 means no skew is handled
};

using Drawer = std::function<std::optional<nlohmann::json>(ChaosContext&)>;

std::string text(Micros d) { return format_duration(d); }

// 1 s / capacity, or 0 for unlimited capacity, as an instance serves.
Micros service_time_micros(const Rate& capacity) { return capacity.is_zero() ? 0 : capacity.mean_interval(); }

Micros uniform_micros(Prng& rng, Micros lo, Micros hi) { return uniform_int(rng, lo, std::max(lo, hi)); }

int any_instance(ChaosContext& c) {
  return static_cast<int>(uniform_int(c.rng, 0, c.scenario.deployment.instances - 1));
}

std::vector<std::string> names_where(const ChaosContext& c, bool want_writes) {
  std::vector<std::string> names;
  for (const EndpointSpec& e : c.scenario.deployment.endpoints) {
    if (e.write == want_writes) names.push_back(e.name);
  }
  return names;
}

std::string pick(ChaosContext& c, const std::vector<std::string>& names) {
  return names[static_cast<std::size_t>(uniform_int(c.rng, 0, static_cast<std::int64_t>(names.size()) - 1))];
}

std::optional<nlohmann::json> draw_flag_late(ChaosContext& c) {
  return nlohmann::json{{"instance", any_instance(c)},
                        {"delay", text(uniform_micros(c.rng, 100 * kMicrosPerMilli, 5 * kMicrosPerSecond))},
                        {"at", text(c.scenario.window.start)}};
}

std::optional<nlohmann::json> draw_flag_lost(ChaosContext& c) {
  return nlohmann::json{{"instance", any_instance(c)},
                        {"at", text(c.scenario.window.start)},
                        {"resync_after", text(uniform_micros(c.rng, 500 * kMicrosPerMilli, 10 * kMicrosPerSecond))}};
}

std::optional<nlohmann::json> draw_cron_at_start(ChaosContext& c) {
  std::vector<std::string> crons;
  for (const SurfaceSpec& s : c.scenario.surfaces) {
    if (s.kind == "cron") crons.push_back(s.name);
  }
  if (crons.empty()) return std::nullopt;
  return nlohmann::json{{"surface", pick(c, crons)}};
}

bool clients_write(const Scenario& scenario) {
  return std::any_of(scenario.surfaces.begin(), scenario.surfaces.end(),
                     [](const SurfaceSpec& s) { return s.kind == "client" && s.writes > 0; });
}

// Sent up to 500 ms before S, held up to 1 s past S. Only where clients
// write: in a scenario without client writes the one chaos write would make
// write_status judge a run with no write in the window, which is inconclusive.
std::optional<nlohmann::json> draw_straddling_write(ChaosContext& c) {
  std::vector<std::string> writes = names_where(c, true);
  Micros start = c.scenario.window.start;
  if (writes.empty() || start < kMicrosPerSecond || !clients_write(c.scenario)) return std::nullopt;
  Micros lead = uniform_micros(c.rng, kMicrosPerMilli, 500 * kMicrosPerMilli);
  Micros past = uniform_micros(c.rng, kMicrosPerMilli, kMicrosPerSecond);
  return nlohmann::json{{"endpoint", pick(c, writes)}, {"at", text(start - lead)}, {"hold", text(lead + past)}};
}

// A spike on one instance for at most a thousandth of the judged read span
// times the instance count, so on average at most 0.1% of the judged reads
// are slowed: the p99 of reads_healthy does not move.
std::optional<nlohmann::json> draw_latency_spike(ChaosContext& c) {
  const WindowSpec& w = c.scenario.window;
  Micros judged_end = std::min(w.end + w.soak, c.scenario.duration);
  Micros longest = (judged_end - w.start) * c.scenario.deployment.instances / 1000;
  if (longest < kMicrosPerMilli) return std::nullopt;
  Micros length = uniform_micros(c.rng, kMicrosPerMilli, longest);
  return nlohmann::json{{"instance", any_instance(c)},
                        {"at", text(uniform_micros(c.rng, w.start, judged_end - length))},
                        {"length", text(length)},
                        {"extra", text(uniform_micros(c.rng, 20 * kMicrosPerMilli, 200 * kMicrosPerMilli))}};
}

// Whether [from, until) overlaps the downtime of a restart the scenario
// itself schedules.
bool overlaps_scenario_restart(const Scenario& scenario, Micros from, Micros until) {
  return std::any_of(scenario.faults.begin(), scenario.faults.end(), [&](const FaultSpec& f) {
    return f.kind == "instance_restart" && f.at < until && from < f.at + f.length;
  });
}

// The reads one instance is processing at a given moment, on average: the
// clients' read rate per instance times the time a read takes.
double reads_in_flight_per_instance(const Scenario& scenario) {
  double reads_per_second = 0;
  for (const SurfaceSpec& s : scenario.surfaces) {
    if (s.kind != "client") continue;
    double rate = static_cast<double>(s.rate.numerator) / static_cast<double>(s.rate.denominator);
    reads_per_second += s.count * rate * (1.0 - s.writes);
  }
  const DeploymentSpec& d = scenario.deployment;
  Micros read_time = d.latency + service_time_micros(d.capacity);
  return reads_per_second / d.instances * static_cast<double>(read_time) / static_cast<double>(kMicrosPerSecond);
}

// A crash inside the window whose restart also falls inside it, so the
// instance must come up read-only. Another instance must stay up to serve,
// so the drawn downtime never overlaps one the scenario schedules. The reads
// a crash catches in flight are served again elsewhere and take up to twice
// as long, so a restart is drawn only where a crash catches a read in fewer
// than one case in twenty; otherwise a few slow reads can move the p99 of
// reads_healthy, which is then a true verdict about those reads.
std::optional<nlohmann::json> draw_instance_restart(ChaosContext& c) {
  const WindowSpec& w = c.scenario.window;
  Micros span = w.end - w.start;
  if (c.scenario.deployment.instances < 2 || span < 4 * kMicrosPerSecond) return std::nullopt;
  if (reads_in_flight_per_instance(c.scenario) > 0.05) return std::nullopt;
  Micros downtime = uniform_micros(c.rng, 500 * kMicrosPerMilli, std::min(10 * kMicrosPerSecond, span / 4));
  Micros at = uniform_micros(c.rng, w.start, w.end - downtime - kMicrosPerMilli);
  int instance = any_instance(c);
  if (overlaps_scenario_restart(c.scenario, at, at + downtime)) return std::nullopt;
  return nlohmann::json{{"instance", instance}, {"at", text(at)}, {"downtime", text(downtime)}};
}

// Under an until_end Retry-After a deployment clock that runs ahead sets
// deadlines up to a second before E, so refused clients come back into the
// window, are refused again with Retry-After: 1 and crowd the second after
// E. backoff_bounded rightly reports that herd, so with until_end only a
// clock that runs behind is drawn.
std::optional<nlohmann::json> draw_clock_skew(ChaosContext& c) {
  if (c.skew_bound <= kMicrosPerMilli) return std::nullopt;
  bool until_end = c.scenario.window.retry_after.kind == RetryAfterPolicy::Kind::kUntilEnd;
  Micros largest = c.skew_bound - kMicrosPerMilli;
  Micros offset = uniform_micros(c.rng, -largest, until_end ? 0 : largest);
  std::string sign = offset < 0 ? "-" : "";
  return nlohmann::json{{"offset", sign + text(offset < 0 ? -offset : offset)}, {"at", "0s"}};
}

// From half a window before S to the end of the window, so clients also meet
// the fail-closed 503 while writes are open.
std::optional<nlohmann::json> draw_partition(ChaosContext& c) {
  const WindowSpec& w = c.scenario.window;
  Micros span = w.end - w.start;
  if (span < 6 * kMicrosPerSecond) return std::nullopt;
  Micros length = uniform_micros(c.rng, kMicrosPerSecond, std::min(30 * kMicrosPerSecond, span / 3));
  Micros earliest = std::max<Micros>(0, w.start - span / 2);
  return nlohmann::json{{"instance", any_instance(c)},
                        {"at", text(uniform_micros(c.rng, earliest, w.end - length))},
                        {"length", text(length)}};
}

const std::vector<std::pair<std::string, Drawer>>& drawers() {
  static const std::vector<std::pair<std::string, Drawer>> table = {
      {"flag_late", draw_flag_late},         {"flag_lost", draw_flag_lost},
      {"cron_at_start", draw_cron_at_start}, {"straddling_write", draw_straddling_write},
      {"latency_spike", draw_latency_spike}, {"instance_restart", draw_instance_restart},
      {"clock_skew", draw_clock_skew},       {"partition", draw_partition},
  };
  return table;
}

std::optional<Micros> resolved_duration(const nlohmann::json& options, const char* check, const char* option) {
  const nlohmann::json* value = &options;
  if (!value->contains(check) || !(*value)[check].contains(option)) return std::nullopt;
  const nlohmann::json& v = (*value)[check][option];
  if (!v.is_string()) return std::nullopt;
  return parse_duration(v.get<std::string>());
}

// A skew moves an until_end Retry-After by up to one whole second of Date,
// which write_status accepts only when extension_tolerance is at least 1 s.
Micros skew_bound(const Scenario& scenario, const CheckRegistry& checks) {
  nlohmann::json options = checks.resolve_options(scenario.expect);
  std::optional<Micros> skew = resolved_duration(options, "retry_after_respected", "skew_tolerance");
  std::optional<Micros> extension = resolved_duration(options, "write_status", "extension_tolerance");
  if (!skew || !extension || *extension < kMicrosPerSecond) return 0;
  return std::min(*skew, kMicrosPerSecond);
}

}  // namespace

std::vector<FaultSpec> draw_chaos_faults(const Scenario& scenario, std::uint64_t seed, const CheckRegistry& checks) {
  Prng rng = Prng::for_actor(seed, kChaosStream);
  ChaosContext context{scenario, rng, skew_bound(scenario, checks)};

  // Every kind is drawn, wanted or not, so the stream's use does not depend
  // on the coin flips.
  std::vector<nlohmann::json> applicable;
  std::vector<nlohmann::json> drawn;
  for (const auto& [kind, draw] : drawers()) {
    const FaultKind* entry = find_fault_kind(kind);
    if (entry == nullptr || entry->fault_class != FaultClass::kHandled) continue;
    bool wanted = bernoulli(rng, 0.5);
    std::optional<nlohmann::json> fault = draw(context);
    if (!fault) continue;
    (*fault)["kind"] = kind;
    applicable.push_back(*fault);
    if (wanted) drawn.push_back(std::move(*fault));
  }
  if (drawn.empty() && !applicable.empty()) {
    drawn.push_back(applicable[static_cast<std::size_t>(
        uniform_int(rng, 0, static_cast<std::int64_t>(applicable.size()) - 1))]);
  }

  std::vector<FaultSpec> faults;
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    faults.push_back(read_fault_json(drawn[i], scenario, "/chaos/" + std::to_string(i)));
  }
  return faults;
}

void add_chaos_faults(Scenario& scenario, std::uint64_t seed, const CheckRegistry& checks) {
  std::vector<FaultSpec> faults = draw_chaos_faults(scenario, seed, checks);
  if (!scenario.normalised.is_object()) scenario.normalised = nlohmann::json::object();
  nlohmann::json& listed = scenario.normalised["faults"];
  if (!listed.is_array()) listed = nlohmann::json::array();
  for (FaultSpec& f : faults) {
    listed.push_back(f.config);
    scenario.faults.push_back(std::move(f));
  }
}

}  // namespace freezedrill
