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
inline constexpr std::string_view kUnavailableProblemType = "urn:freezedrill:problem:unavailable";
inline constexpr std::string_view kServerErrorProblemType = "urn:freezedrill:problem:server-error";

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
  // A 503 that is not the freeze: `code` names the cause (no instance up,
  // the flag store unreachable), with Retry-After: `retry_after_seconds`.
  HttpResponse unavailable(int instance, std::string_view code, std::string_view detail,
                           std::int64_t retry_after_seconds) const;
  // A 500 or 502 problem without Retry-After or code.
  HttpResponse server_error(int status, int instance, std::string_view detail) const;

  // The clock_skew fault: from now on the deployment's clock runs `offset`
  // ahead of virtual time (behind when negative). Date and the until_end
  // delay-seconds follow it; an HTTP-date stating E does not, because E is a
  // calendar instant.
  void set_clock_offset(Micros offset) { clock_offset_ = offset; }

  // Adds "Date: <IMF-fixdate of now, whole seconds>".
  void add_date(HttpResponse& response) const;

  Micros window_end() const { return window_end_; }
  void set_window_end(Micros end) { window_end_ = end; }

 private:
  std::string code_for(int instance) const;
  std::int64_t date_unix() const;
  Micros clock() const { return runtime_.now() + clock_offset_; }
  HttpResponse problem(int status, int instance, std::string_view type, std::string_view title,
                       std::string_view detail) const;
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
  Micros clock_offset_ = 0;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_PROBLEM_RESPONSE_H_
