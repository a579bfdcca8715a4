#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_ENDPOINT_ROUTER_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_ENDPOINT_ROUTER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/history/header.h"

namespace freezedrill {

// A request matched to one catalogue entry, with the values of the path
// template's placeholders in order ("/kv/{key}" on "/kv/a" gives {"a"}).
struct RouteMatch {
  const EndpointSpec* endpoint = nullptr;
  std::vector<std::string> params;
};

// Matches method and path against the endpoint catalogue. A placeholder
// ("{key}") matches exactly one non-empty segment, and the query string is
// ignored. When several templates match, the one with the fewest
// placeholders wins ("/kv/batch" before "/kv/{key}"), then catalogue order.
// The router keeps a pointer to `endpoints`, which must outlive it.
class EndpointRouter {
 public:
  explicit EndpointRouter(const std::vector<EndpointSpec>& endpoints) : endpoints_(endpoints) {}

  std::optional<RouteMatch> match(std::string_view method, std::string_view path) const;

 private:
  const std::vector<EndpointSpec>& endpoints_;
};

// Fills `params` and returns true when `path` matches `path_template`.
bool match_path_template(std::string_view path_template, std::string_view path, std::vector<std::string>& params);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_ENDPOINT_ROUTER_H_
