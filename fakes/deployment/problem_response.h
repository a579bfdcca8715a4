#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_PROBLEM_RESPONSE_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_PROBLEM_RESPONSE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "fakes/deployment/defect_switches.h"
#include "fakes/transport/transport.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

inline constexpr std::string_view kReadOnlyProblemType = "urn:freezedrill:problem:read-only";
inline constexpr std::string_view kNotFoundProblemType = "urn:freezedrill:problem:not-found";

// Builds the deployment's problem responses (RFC 9457) at runtime.now(),
// and the Date header every response carries. A refusal is 423 in read_only
// mode and 503 in maintenance mode, with one Retry-After from the window
// policy, Cache-Control: no-store and the stable error code, the same from
// the gateway and from the service layer. It also keeps the current end of
// the window, which until_end Retry-After values and the detail text follow.
class ProblemResponder {
 public:
  ProblemResponder(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window,
                   const DefectSwitches& defects);

  HttpResponse refusal() const;
  HttpResponse not_found(std::string_view detail) const;

  // Adds "Date: <IMF-fixdate of now, whole seconds>".
  void add_date(HttpResponse& response) const;

  Micros window_end() const { return window_end_; }
  void set_window_end(Micros end) { window_end_ = end; }

 private:
  int refusal_status() const;
  std::int64_t date_unix() const;
  std::string retry_after_value() const;
  void add_retry_after(HttpResponse& response) const;
  std::string refusal_body(int status) const;

  Runtime& runtime_;
  const DeploymentSpec& spec_;
  bool maintenance_;
  RetryAfterPolicy policy_;
  RetryAfterDefect retry_after_defect_;
  Micros window_end_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_PROBLEM_RESPONSE_H_
