#include "fakes/deployment/gateway.h"

namespace freezedrill {

Gateway::Gateway(const EndpointRouter& router, const FlagStore& flags, const WriteClassifier& classifier,
                 const DefectSwitches& defects, bool maintenance)
    : router_(router),
      flags_(flags),
      classifier_(classifier),
      keep_deny_rule_(defects.reenable_missed_step),
      maintenance_(maintenance) {}

GatewayDecision Gateway::route(const HttpRequest& request) {
  GatewayDecision decision;
  decision.route = router_.match(request.method, request.path);
  if (!decision.route) return decision;

  auto instances = static_cast<std::uint64_t>(flags_.instances());
  decision.instance = static_cast<int>(next_instance_++ % instances);
  bool refuse = refuses(*decision.route->endpoint);
  decision.outcome = refuse ? GatewayDecision::Outcome::kRefuse : GatewayDecision::Outcome::kAdmit;
  return decision;
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
