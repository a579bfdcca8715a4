#include "fakes/deployment/problem_response.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sim/core/calendar.h"
#include "sim/http/retry_after.h"

namespace freezedrill {
namespace {

constexpr std::string_view kProblemJson = "application/problem+json";

// Whole seconds of t, rounded down (t may be negative only in tests).
std::int64_t floor_seconds(Micros t) {
  std::int64_t s = t / kMicrosPerSecond;
  return (t % kMicrosPerSecond < 0) ? s - 1 : s;
}

// Seconds until `end`, rounded up and at least 1, because delay-seconds 0
// would invite an immediate retry while writes are still frozen.
std::int64_t seconds_until(Micros end, Micros now) {
  Micros left = end - now;
  if (left <= 0) return 1;
  std::int64_t s = (left + kMicrosPerSecond - 1) / kMicrosPerSecond;
  return s < 1 ? 1 : s;
}

int resolve_refuse_status(const DeploymentSpec& spec, bool maintenance) {
  int status = spec.refuse_status.value_or(maintenance ? 503 : 423);
  if (status != 423 && status != 503) {
    throw std::invalid_argument("ProblemResponder: invalid refuse_status " + std::to_string(status) +
                                "; use 423 or 503");
  }
  if (maintenance && status != 503) {
    throw std::invalid_argument("ProblemResponder: invalid refuse_status " + std::to_string(status) +
                                " in maintenance mode; use 503");
  }
  return status;
}

}  // namespace

ProblemResponder::ProblemResponder(Runtime& runtime, const DeploymentSpec& spec, const WindowSpec& window,
                                   const DefectSwitches& defects)
    : runtime_(runtime),
      spec_(spec),
      status_(resolve_refuse_status(spec, window.mode == "maintenance")),
      code_per_instance_(defects.error_code_per_instance),
      maintenance_page_(defects.banner.maintenance_page_cached),
      policy_(window.retry_after),
      retry_after_defect_(defects.retry_after),
      window_end_(window.end) {}

HttpResponse ProblemResponder::refusal(int instance) const {
  if (maintenance_page_) return maintenance_page(instance);
  std::string code = code_for(instance);
  HttpResponse response;
  response.status = status_;
  response.instance = instance;
  add_date(response);
  add_retry_after(response);
  response.add_header("Content-Type", std::string(kProblemJson));
  response.add_header("Cache-Control", "no-store");
  if (!spec_.error_code.header.empty()) response.add_header(spec_.error_code.header, code);
  response.body = refusal_body(code);
  return response;
}

// The maintenance_page_cached defect: a gateway serves its static
// maintenance page for every refused request, with 200 OK and a day-long
// shared lifetime, so clients take the write as done and caches keep the
// page after the window.
HttpResponse ProblemResponder::maintenance_page(int instance) const {
  HttpResponse response;
  response.status = 200;
  response.instance = instance;
  add_date(response);
  response.add_header("Content-Type", "text/html; charset=utf-8");
  response.add_header("Cache-Control", "public, max-age=86400");
  response.body = "<html><body><h1>Down for maintenance</h1><p>We will be back soon.</p></body></html>";
  return response;
}

HttpResponse ProblemResponder::not_found(std::string_view detail) const {
  return problem(404, -1, kNotFoundProblemType, "Not found", detail);
}

HttpResponse ProblemResponder::problem(int status, int instance, std::string_view type, std::string_view title,
                                       std::string_view detail) const {
  nlohmann::ordered_json body;
  body["type"] = type;
  body["title"] = title;
  body["status"] = status;
  body["detail"] = detail;

  HttpResponse response;
  response.status = status;
  response.instance = instance;
  add_date(response);
  response.add_header("Content-Type", std::string(kProblemJson));
  response.body = body.dump();
  return response;
}

HttpResponse ProblemResponder::unavailable(int instance, std::string_view code, std::string_view detail,
                                           std::int64_t retry_after_seconds) const {
  HttpResponse response = problem(503, instance, kUnavailableProblemType, "Service unavailable", detail);
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(response.body);
  body["code"] = code;
  response.body = body.dump();
  response.add_header("Retry-After", std::to_string(retry_after_seconds));
  response.add_header("Cache-Control", "no-store");
  if (!spec_.error_code.header.empty()) response.add_header(spec_.error_code.header, std::string(code));
  return response;
}

HttpResponse ProblemResponder::server_error(int status, int instance, std::string_view detail) const {
  return problem(status, instance, kServerErrorProblemType, status == 502 ? "Bad gateway" : "Internal server error",
                 detail);
}

void ProblemResponder::add_date(HttpResponse& response) const {
  response.add_header("Date", format_imf_fixdate(date_unix()));
}

// With error_code_per_instance, instance i > 0 sends "<code>_<i>", as if
// each instance took the code from its own, drifted configuration.
std::string ProblemResponder::code_for(int instance) const {
  if (!code_per_instance_ || instance <= 0) return spec_.code;
  return spec_.code + "_" + std::to_string(instance);
}

std::int64_t ProblemResponder::date_unix() const { return runtime_.epoch_unix() + floor_seconds(clock()); }

// The value that the window policy sets. A date is computed from the Date
// header's whole second, so a client converting it back with Date gets the
// same delay the seconds form would state.
std::string ProblemResponder::retry_after_value() const {
  bool date_form = policy_.form == RetryAfterPolicy::Form::kDate;
  if (policy_.kind == RetryAfterPolicy::Kind::kFixed) {
    std::int64_t delay = floor_seconds(policy_.value);
    return date_form ? format_imf_fixdate(date_unix() + delay) : std::to_string(delay);
  }
  if (date_form) return format_imf_fixdate(runtime_.epoch_unix() + floor_seconds(window_end_));
  return std::to_string(seconds_until(window_end_, clock()));
}

void ProblemResponder::add_retry_after(HttpResponse& response) const {
  switch (retry_after_defect_) {
    case RetryAfterDefect::kNone:
      response.add_header("Retry-After", retry_after_value());
      return;
    case RetryAfterDefect::kMissing:
      return;
    case RetryAfterDefect::kEmpty:
      response.add_header("Retry-After", "");
      return;
    case RetryAfterDefect::kNegative:
      response.add_header("Retry-After", "-120");
      return;
    case RetryAfterDefect::kFractional:
      response.add_header("Retry-After", "1.5");
      return;
    case RetryAfterDefect::kDuplicated:
      response.add_header("Retry-After", retry_after_value());
      response.add_header("Retry-After", retry_after_value());
      return;
  }
}

std::string ProblemResponder::refusal_body(const std::string& code) const {
  std::string end = format_rfc3339(runtime_.epoch_unix() + floor_seconds(window_end_));
  nlohmann::ordered_json body;
  body["type"] = kReadOnlyProblemType;
  body["title"] = "Writes are frozen for maintenance";
  body["status"] = status_;
  body["code"] = code;
  body["detail"] = "Writes are frozen until " + end + "; retry after the window.";

  // A scenario may tell clients to read the code elsewhere ("/error/code"),
  // so put it there too, unless that member already contains another field.
  const std::string& pointer = spec_.error_code.pointer;
  if (!pointer.empty()) {
    nlohmann::ordered_json::json_pointer where(pointer);
    if (!body.contains(where)) body[where] = code;
  }
  return body.dump();
}

}  // namespace freezedrill
