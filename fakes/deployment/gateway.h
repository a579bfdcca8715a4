#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_GATEWAY_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_GATEWAY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "fakes/deployment/defect_switches.h"
#include "fakes/deployment/endpoint_router.h"
#include "fakes/deployment/flag_store.h"
#include "fakes/deployment/instance.h"
#include "fakes/deployment/write_classifier.h"
#include "fakes/transport/transport.h"

namespace freezedrill {

// The gateway's decision for one request.
struct GatewayDecision {
  // kUnavailable: the request would be admitted, but no instance is up.
  enum class Outcome { kNotFound, kRefuse, kAdmit, kUnavailable };
  Outcome outcome = Outcome::kNotFound;
  std::optional<RouteMatch> route;  // set unless kNotFound
  int instance = -1;                // the instance it is routed to; -1 for kNotFound or none up
};

// The front door: classifies each request by method and path (the
// request's `endpoint` name is only a hint) and reads the flag store, never
// an instance's lagging view, at every request. While the flag is on it
// refuses fenced writes in read_only mode and every endpoint but "/health"
// in maintenance mode. When the flag goes on it also installs its own deny
// rule for writes, which the exit steps remove; reenable_missed_step skips
// that removal. Every matched request, refused or admitted, takes the next
// instance in round-robin order, as a load balancer picks an upstream per
// request, so a refusal can name the instance it was routed to. An instance
// that is down (crashed, not yet restarted) is skipped, as a load balancer's
// health check takes it out of rotation.
class Gateway {
 public:
  Gateway(const EndpointRouter& router, const FlagStore& flags, const WriteClassifier& classifier,
          const DefectSwitches& defects, bool maintenance, const std::vector<Instance>& instances);

  // Matches the request, picks its instance and decides. Advances the
  // round robin unless no endpoint matches.
  GatewayDecision route(const HttpRequest& request);

  // Follows a write to the flag store.
  void on_flag_set(bool on);

  // The next instance that is up, in round-robin order; -1 when none is.
  int pick_instance();

 private:
  bool refuses(const EndpointSpec& endpoint) const;

  const EndpointRouter& router_;
  const FlagStore& flags_;
  const WriteClassifier& classifier_;
  const std::vector<Instance>& instances_;
  bool keep_deny_rule_;
  bool maintenance_;
  bool deny_writes_ = false;
  std::uint64_t next_instance_ = 0;  // round-robin counter over matched requests
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_GATEWAY_H_
