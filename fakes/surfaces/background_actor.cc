#include "fakes/surfaces/background_actor.h"

#include <algorithm>
#include <utility>

namespace freezedrill {

BackgroundActor::BackgroundActor(Runtime& runtime, ReferenceDeployment& deployment, std::string name)
    : runtime_(runtime),
      deployment_(deployment),
      name_(std::move(name)),
      actor_(runtime.history().intern(name_)) {}

bool BackgroundActor::flag_on(bool guard) {
  bool on = deployment_.flag();
  runtime_.record(ev::FlagPolled{actor_, kNoInstance, on, true, guard});
  return on;
}

std::uint64_t BackgroundActor::start_unit(std::string_view unit) {
  ++units_;
  runtime_.record(ev::WorkStarted{actor_, runtime_.history().intern(unit), units_, kNoInstance});
  return units_;
}

void BackgroundActor::finish_unit(std::string_view unit, std::uint64_t unit_id, std::string_view outcome) {
  History& history = runtime_.history();
  runtime_.record(ev::WorkFinished{actor_, history.intern(unit), unit_id, kNoInstance, history.intern(outcome)});
}

void BackgroundActor::write(ProtectedSink sink, std::string key, std::string value, std::string kind) {
  Mutation m;
  m.key = std::move(key);
  m.value = std::move(value);
  m.kind = std::move(kind);
  m.origin = name_;
  deployment_.apply_direct(std::move(m), sink);
}

bool defect_on(const Scenario& scenario, std::string_view name) {
  const std::vector<std::string>& defects = scenario.deployment.defects;
  return std::find(defects.begin(), defects.end(), name) != defects.end();
}

}  // namespace freezedrill
