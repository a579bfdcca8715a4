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
// and the Date header every response carries. A refusal has the status
// DeploymentSpec::refuse_status sets (by default 423 in read_only mode and
// 503 in maintenance mode). It carries one Retry-After from the window
// policy, Cache-Control: no-store and the stable error code, the same from
// the gateway and from the service layer. With error_code_per_instance the
// code depends on the instance. It also keeps the current end of the window,
// which until_end Retry-After values and the detail text follow.
class ProblemResponder {
 public:
  // Throws std::invalid_argument for a refuse_status other than 423 or 503,
  // or 423 in maintenance mode. The scenario loader rejects both first.
  ProblemResponder(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window,
                   const DefectSwitches& defects);

  // The refusal of a request routed to `instance`, which the response names.
  HttpResponse refusal(int instance) const;
  HttpResponse not_found(std::string_view detail) const;

  // Adds "Date: <IMF-fixdate of now, whole seconds>".
  void add_date(HttpResponse& response) const;

  Micros window_end() const { return window_end_; }
  void set_window_end(Micros end) { window_end_ = end; }

 private:
  std::string code_for(int instance) const;
  std::int64_t date_unix() const;
  std::string retry_after_value() const;
  void add_retry_after(HttpResponse& response) const;
  std::string refusal_body(const std::string& code) const;
  HttpResponse maintenance_page(int instance) const;

  Runtime& runtime_;
  const DeploymentSpec& spec_;
  int status_;  // 423 or 503
  bool code_per_instance_;
  bool maintenance_page_;  // maintenance_page_cached: refusals become a cached 200 page
  RetryAfterPolicy policy_;
  RetryAfterDefect retry_after_defect_;
  Micros window_end_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_PROBLEM_RESPONSE_H_
