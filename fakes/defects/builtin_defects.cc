#include "fakes/defects/builtin_defects.h"

#include <string>
#include <utility>
#include <vector>

namespace freezedrill {
namespace {

constexpr const char* kMalformedRetryAfter = "malformed Retry-After";
constexpr const char* kNeverReenabled = "writes never re-enabled";
constexpr const char* kUnclassifiedKind = "one mutation kind not classified as a write";
constexpr const char* kUnfencedBackground = "background writer not fenced";

// The library scenario of a defect: "scenarios/defect-<name, '_' as '-'>.json".
std::string scenario_for(std::string name) {
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  return "scenarios/defect-" + name + ".json";
}

DefectEntry entry(std::string name, std::string failure_class, std::string description,
                  std::vector<std::string> surfaces, std::vector<std::string> checks, std::string reason) {
  std::string scenario = scenario_for(name);
  return DefectEntry{std::move(name),    std::move(failure_class), std::move(description), std::move(surfaces),
                     std::move(checks),  std::move(reason),        std::move(scenario)};
}

// write_status rejects every malformed value by its one-valid-Retry-After
// rule. The writes are still refused, so nothing else fails.
void add_retry_after_defects(DefectCatalogue& catalogue) {
  const std::string reason =
      "write_status requires exactly one valid Retry-After on every refused write; the writes are still "
      "refused, so no other check fails";
  catalogue.add(entry("retry_after_missing", kMalformedRetryAfter, "refusals carry no Retry-After field", {},
                      {"write_status"}, reason));
  catalogue.add(entry("retry_after_empty", kMalformedRetryAfter, "refusals send Retry-After with an empty value",
                      {}, {"write_status"}, reason));
  catalogue.add(entry("retry_after_negative", kMalformedRetryAfter, "refusals send Retry-After: -120", {},
                      {"write_status"}, reason));
  catalogue.add(entry("retry_after_fractional", kMalformedRetryAfter, "refusals send Retry-After: 1.5", {},
                      {"write_status"}, reason));
  catalogue.add(entry("retry_after_duplicated", kMalformedRetryAfter,
                      "refusals send two Retry-After field lines, each with the right value", {},
                      {"write_status"}, reason));
}

void add_reenable_defects(DefectCatalogue& catalogue) {
  catalogue.add(entry("reenable_latched", kNeverReenabled,
                      "an instance's write block engages with the flag and never clears when the flag does",
                      {}, {"write_status"},
                      "writes sent after E + reenable_within still get 423/503 with the freeze code, which "
                      "write_status rejects; nothing is applied, so no_write_leak passes"));
  catalogue.add(entry("reenable_missed_step", kNeverReenabled,
                      "the exit steps clear the flag store but leave the gateway's deny rule for writes", {},
                      {"write_status"},
                      "writes sent after E + reenable_within still get 423/503 with the freeze code, which "
                      "write_status rejects; reads pass and nothing is applied"));
}

void add_fence_defects(DefectCatalogue& catalogue) {
  catalogue.add(entry("mutation_unclassified", kUnclassifiedKind,
                      "the mutation kind of the last write endpoint is not classified as a write, so the "
                      "gateway and the service layer let it through",
                      {}, {"no_write_leak", "write_status"},
                      "those writes are applied to protected storage during the window (no_write_leak) and "
                      "answered 2xx instead of 423/503 (write_status)"));
  catalogue.add(entry("service_layer_unguarded", kUnfencedBackground,
                      "the service layer skips its apply-time guard for background writers", {"kv_writer"},
                      {"no_write_leak"},
                      "a kv_writer's puts reach protected storage during the window; API writes are still "
                      "refused by the gateway, so write_status passes"));
}

DefectCatalogue make_catalogue() {
  DefectCatalogue catalogue;
  add_retry_after_defects(catalogue);
  add_reenable_defects(catalogue);
  add_fence_defects(catalogue);
  return catalogue;
}

}  // namespace

const DefectCatalogue& builtin_defects() {
  static const DefectCatalogue catalogue = make_catalogue();
  return catalogue;
}

}  // namespace freezedrill
