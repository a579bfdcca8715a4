#include "fakes/deployment/endpoint_router.h"

namespace freezedrill {
namespace {

// Splits "/a/b" into {"a", "b"}. The leading slash starts no segment, but an
// empty segment ("/a//b", "/a/") is kept so it can fail to match.
std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool is_placeholder(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

bool match_path_template(std::string_view path_template, std::string_view path, std::vector<std::string>& params) {
  std::size_t query = path.find('?');
  if (query != std::string_view::npos) path = path.substr(0, query);

  std::vector<std::string_view> wanted = split_segments(path_template);
  std::vector<std::string_view> got = split_segments(path);
  if (wanted.size() != got.size()) return false;

  std::vector<std::string> values;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (is_placeholder(wanted[i])) {
      if (got[i].empty()) return false;
      values.emplace_back(got[i]);
    } else if (wanted[i] != got[i]) {
      return false;
    }
  }
  params = std::move(values);
  return true;
}

std::optional<RouteMatch> EndpointRouter::match(std::string_view method, std::string_view path) const {
  std::optional<RouteMatch> best;
  for (const EndpointSpec& endpoint : endpoints_) {
    if (endpoint.method != method) continue;
    std::vector<std::string> params;
    if (!match_path_template(endpoint.path, path, params)) continue;
    if (best && best->params.size() <= params.size()) continue;
    best = RouteMatch{&endpoint, std::move(params)};
  }
  return best;
}

}  // namespace freezedrill
