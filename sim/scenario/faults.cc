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

nlohmann::json read_flag_late(const ObjectField& fault, const Scenario& scenario, FaultSpec& spec) {
  int last = scenario.deployment.instances - 1;
  spec.instance = static_cast<int>(
      fault.require("instance", fmt::format("add the instance whose flag view lags, from 0 to {}", last))
          .as_integer(0, last));
  spec.delay =
      fault.require("delay", "add how late the instance sees the flag, such as \"3s\"").as_duration({1, false});
  std::optional<Field> at = fault.find("at");
  spec.at = at ? read_time_in_run(*at, scenario) : scenario.window.start;

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

const std::vector<FaultKindReader>& fault_readers() {
  static const std::vector<FaultKindReader> readers = {
      {"flag_late", {"instance", "delay", "at"}, read_flag_late},
      {"flag_cleared", {"at"}, read_flag_cleared},
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

FaultSpec read_fault(const Field& field, const Scenario& scenario) {
  ObjectField object(field, "a fault");
  Field kind = object.require("kind", "add \"kind\": \"flag_late\", \"flag_cleared\" or \"purge_failing\"");
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

}  // namespace

std::vector<FaultSpec> read_faults(const Field& field, const Scenario& scenario) {
  std::vector<FaultSpec> faults;
  for (const Field& item : field.as_array(0, "faults such as { \"kind\": \"flag_late\", ... }")) {
    faults.push_back(read_fault(item, scenario));
  }
  return faults;
}

}  // namespace freezedrill::loader_detail
