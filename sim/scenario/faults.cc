#include <fmt/format.h>

#include <algorithm>

#include "sim/scenario/sections.h"

namespace freezedrill::loader_detail {
namespace {

// Reads one fault kind's own keys into `spec` and returns its normalised
// object (kind is added by the caller).
using FaultReader = nlohmann::json (*)(const ObjectField&, const Scenario&, FaultSpec&);

struct FaultKindReader {
  const char* kind;
  std::vector<std::string> keys;  // besides kind
  FaultReader read;
};

// A fault time must fall inside the run.
Micros read_time_in_run(const Field& field, const Scenario& scenario) {
  Micros at = field.as_duration({});
  if (at >= scenario.duration) {
    field.fail(fmt::format("the fault comes at or after the end of the run (duration {})",
                           format_duration(scenario.duration)),
               fmt::format("write a time before \"{}\"", format_duration(scenario.duration)));
  }
  return at;
}

// An instance index of the deployment.
int read_instance(const ObjectField& fault, const Scenario& scenario, std::string_view what) {
  int last = scenario.deployment.instances - 1;
  return static_cast<int>(
      fault.require("instance", fmt::format("add the instance {}, from 0 to {}", what, last)).as_integer(0, last));
}

// `at`, defaulting to S, inside the run.
Micros read_at_or_start(const ObjectField& fault, const Scenario& scenario) {
  std::optional<Field> at = fault.find("at");
  return at ? read_time_in_run(*at, scenario) : scenario.window.start;
}

nlohmann::json read_flag_late(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  spec.instance = read_instance(fault, scenario, "whose flag view lags");
  spec.delay =
      fault.require("delay", "add how late the instance sees the flag, such as \"3s\"").as_duration({1, false});
  spec.at = read_at_or_start(fault, scenario);

  return {{"instance", spec.instance}, {"delay", format_duration(spec.delay)}, {"at", format_duration(spec.at)}};
}

// Clearing the flag is a fault only inside the window: S <= at < E.
nlohmann::json read_flag_cleared(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  Field at = fault.require("at", "add the time the flag is cleared, inside the window");
  spec.at = at.as_duration({});
  const WindowSpec& window = scenario.window;
  if (spec.at < window.start || spec.at >= window.end) {
    at.fail(fmt::format("flag_cleared must come inside the window [{}, {})", format_duration(window.start),
                        format_duration(window.end)),
            fmt::format("write a time from \"{}\" up to, but not including, \"{}\"", format_duration(window.start),
                        format_duration(window.end)));
  }
  return {{"at", format_duration(spec.at)}};
}

nlohmann::json read_flag_lost(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  spec.instance = read_instance(fault, scenario, "whose flag view misses the changes");
  spec.at = read_at_or_start(fault, scenario);
  spec.length = fault.require("resync_after", "add how long until the instance re-reads the store, such as \"5s\"")
                    .as_duration({1, false});
  return {{"instance", spec.instance}, {"at", format_duration(spec.at)},
          {"resync_after", format_duration(spec.length)}};
}

// The cron surface to fire at S: the one named, else the first.
nlohmann::json read_cron_at_start(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  std::vector<std::string> crons;
  for (const SurfaceSpec& s : scenario.surfaces) {
    if (s.kind == "cron") crons.push_back(s.name);
  }
  if (crons.empty()) {
    fault.field().fail("cron_at_start needs a cron surface, and the scenario has none",
                       "add a surface of kind \"cron\", or remove the fault");
  }
  spec.at = scenario.window.start;
  spec.target = crons.front();
  if (std::optional<Field> surface = fault.find("surface")) spec.target = surface->as_choice(crons, "cron surfaces");
  return {{"surface", spec.target}};
}

// A write sent before S and processed after it: at < S < at + hold.
nlohmann::json read_straddling_write(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  std::vector<std::string> writes;
  for (const EndpointSpec& e : scenario.deployment.endpoints) {
    if (e.write) writes.push_back(e.name);
  }
  if (writes.empty()) {
    fault.field().fail("straddling_write needs a write endpoint, and the deployment has none",
                       "add a write endpoint to \"deployment.endpoints\", or remove the fault");
  }
  spec.target = writes.front();
  if (std::optional<Field> endpoint = fault.find("endpoint")) spec.target = endpoint->as_choice(writes, "write endpoints");

  Micros start = scenario.window.start;
  spec.delay = fault.duration_or("hold", {1, false}, kMicrosPerSecond);
  std::optional<Field> at = fault.find("at");
  spec.at = at ? at->as_duration({}) : start - spec.delay / 2;
  if (spec.at < 0 || spec.at >= start || spec.at + spec.delay <= start) {
    std::string fix = fmt::format("send it before S = \"{}\" and hold it past S, such as \"at\": \"{}\"",
                                  format_duration(start), format_duration(start > spec.delay / 2 ? start - spec.delay / 2 : 0));
    (at ? *at : fault.field()).fail("a straddling write must be sent before S and processed after it", fix);
  }
  return {{"endpoint", spec.target}, {"at", format_duration(spec.at)}, {"hold", format_duration(spec.delay)}};
}

nlohmann::json read_latency_spike(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  spec.instance = read_instance(fault, scenario, "whose answers slow down");
  spec.at = read_at_or_start(fault, scenario);
  spec.length = fault.require("length", "add how long the spike lasts, such as \"500ms\"").as_duration({1, false});
  spec.delay = fault.require("extra", "add the extra latency, such as \"200ms\"").as_duration({1, false});
  return {{"instance", spec.instance}, {"at", format_duration(spec.at)}, {"length", format_duration(spec.length)},
          {"extra", format_duration(spec.delay)}};
}

nlohmann::json read_instance_restart(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  spec.instance = read_instance(fault, scenario, "that crashes");
  spec.at = read_time_in_run(fault.require("at", "add the time of the crash, such as \"80s\""), scenario);
  spec.length = fault.require("downtime", "add how long the instance is down, such as \"5s\"").as_duration({1, false});
  return {{"instance", spec.instance}, {"at", format_duration(spec.at)}, {"downtime", format_duration(spec.length)}};
}

// A signed duration: "800ms", "+800ms" or "-800ms".
Micros read_signed_duration(const Field& field) {
  const char* fix = "write a duration with an optional sign, such as \"800ms\" or \"-800ms\"";
  if (!field.json().is_string()) field.fail("the offset must be a string", fix);
  std::string text = field.json().get<std::string>();
  bool negative = !text.empty() && text.front() == '-';
  std::string_view magnitude = text;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) magnitude.remove_prefix(1);
  std::optional<Micros> parsed = parse_duration(magnitude);
  if (!parsed) field.fail("invalid offset", fix);
  return negative ? -*parsed : *parsed;
}

std::string format_signed_duration(Micros d) { return d < 0 ? "-" + format_duration(-d) : format_duration(d); }

nlohmann::json read_clock_skew(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  spec.offset = read_signed_duration(fault.require("offset", "add the deployment's clock offset, such as \"800ms\""));
  std::optional<Field> at = fault.find("at");
  spec.at = at ? read_time_in_run(*at, scenario) : 0;
  return {{"offset", format_signed_duration(spec.offset)}, {"at", format_duration(spec.at)}};
}

nlohmann::json read_partition(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  spec.instance = read_instance(fault, scenario, "cut off from the flag store");
  spec.at = read_at_or_start(fault, scenario);
  spec.length = fault.require("length", "add how long the partition lasts, such as \"10s\"").as_duration({1, false});
  return {{"instance", spec.instance}, {"at", format_duration(spec.at)}, {"length", format_duration(spec.length)}};
}

// The cache's purge API fails in [at, at + duration), inside the run.
nlohmann::json read_purge_failing(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  spec.at = read_time_in_run(fault.require("at", "add the time purges start to fail, such as \"60s\""), scenario);
  Field span = fault.require("duration", "add how long purges fail, such as \"20s\"");
  spec.span = span.as_duration({1, false});
  if (spec.at + spec.span > scenario.duration) {
    span.fail(fmt::format("purges would fail past the end of the run (duration {})",
                          format_duration(scenario.duration)),
              fmt::format("write \"{}\" or less", format_duration(scenario.duration - spec.at)));
  }
  return {{"at", format_duration(spec.at)}, {"duration", format_duration(spec.span)}};
}

// One reader per kind of fault_catalogue(), in its order.
const std::vector<FaultKindReader>& fault_readers() {
  static const std::vector<FaultKindReader> readers = {
      {"flag_late", {"instance", "delay", "at"}, read_flag_late},
      {"flag_lost", {"instance", "at", "resync_after"}, read_flag_lost},
      {"flag_cleared", {"at"}, read_flag_cleared},
      {"cron_at_start", {"surface"}, read_cron_at_start},
      {"straddling_write", {"endpoint", "at", "hold"}, read_straddling_write},
      {"latency_spike", {"instance", "at", "length", "extra"}, read_latency_spike},
      {"instance_restart", {"instance", "at", "downtime"}, read_instance_restart},
      {"clock_skew", {"offset", "at"}, read_clock_skew},
      {"partition", {"instance", "at", "length"}, read_partition},
      {"purge_failing", {"at", "duration"}, read_purge_failing},
  };
  return readers;
}

const FaultKindReader& find_reader(const Field& kind_field) {
  std::vector<std::string> known;
  for (const FaultKindReader& r : fault_readers()) known.emplace_back(r.kind);
  std::string kind = kind_field.as_string();

  for (const FaultKindReader& r : fault_readers()) {
    if (kind == r.kind) return r;
  }
  kind_field.fail(fmt::format("unknown fault kind \"{}\"", kind), fix_for_unknown(kind, known, "fault kinds"));
}

}  // namespace

FaultSpec read_fault(const Field& field, const Scenario& scenario) {
  ObjectField object(field, "a fault");
  Field kind = object.require(
      "kind", "add a \"kind\" from `freezedrill list faults`, such as \"flag_late\" or \"instance_restart\"");
  const FaultKindReader& reader = find_reader(kind);
  std::vector<std::string> keys = {"kind"};
  keys.insert(keys.end(), reader.keys.begin(), reader.keys.end());
  object.allow_keys(keys);

  FaultSpec spec;
  spec.kind = reader.kind;
  spec.pointer = field.pointer();
  spec.config = reader.read(object, scenario, spec);
  spec.config["kind"] = spec.kind;
  return spec;
}

std::vector<FaultSpec> read_faults(const Field& field, const Scenario& scenario) {
  std::vector<FaultSpec> faults;
  for (const Field& item : field.as_array(0, "faults such as { \"kind\": \"flag_late\", ... }")) {
    faults.push_back(read_fault(item, scenario));
  }
  return faults;
}

}  // namespace freezedrill::loader_detail

namespace freezedrill {

FaultSpec read_fault_json(const nlohmann::json& fault, const Scenario& scenario, const std::string& pointer) {
  return loader_detail::read_fault(loader_detail::Field(fault, pointer, scenario.source), scenario);
}

}  // namespace freezedrill
