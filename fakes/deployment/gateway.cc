#include "fakes/deployment/gateway.h"

namespace freezedrill {

Gateway::Gateway(const EndpointRouter& router, const FlagStore& flags, const WriteClassifier& classifier,
                 const DefectSwitches& defects, bool maintenance, const std::vector<Instance>& instances)
    : router_(router),
      flags_(flags),
      classifier_(classifier),
      instances_(instances),
      keep_deny_rule_(defects.reenable_missed_step),
      maintenance_(maintenance) {}

GatewayDecision Gateway::route(const HttpRequest& request) {
  GatewayDecision decision;
  decision.route = router_.match(request.method, request.path);
  if (!decision.route) return decision;

  decision.instance = pick_instance();
  if (refuses(*decision.route->endpoint)) {
    decision.outcome = GatewayDecision::Outcome::kRefuse;
  } else {
    decision.outcome = decision.instance < 0 ? GatewayDecision::Outcome::kUnavailable
                                             : GatewayDecision::Outcome::kAdmit;
  }
  return decision;
}

// With every instance up this is plain round robin, so a run without
// crashes routes exactly as before.
int Gateway::pick_instance() {
  auto count = static_cast<std::uint64_t>(instances_.size());
  for (std::uint64_t tried = 0; tried < count; ++tried) {
    auto index = static_cast<std::size_t>(next_instance_++ % count);
    if (instances_[index].up()) return static_cast<int>(index);
  }
  return -1;
}

void Gateway::on_flag_set(bool on) {
  if (on) {
    deny_writes_ = true;
  } else if (!keep_deny_rule_) {
    deny_writes_ = false;
  }
}

bool Gateway::refuses(const EndpointSpec& endpoint) const {
  bool fenced_write = classifier_.fenced(endpoint);
  if (deny_writes_ && fenced_write) return true;
  if (!flags_.on()) return false;

  if (maintenance_) return endpoint.path != "/health";
  return fenced_write;
}

}  // namespace freezedrill
