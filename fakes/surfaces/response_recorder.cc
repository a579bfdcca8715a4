#include "fakes/surfaces/response_recorder.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/http/retry_after.h"

namespace freezedrill {
namespace {

using nlohmann::json;

// RFC 9111 section 1.2.2: a delta-seconds value too large to hold is
// replaced by 2^31.
constexpr std::int64_t kMaxDeltaSeconds = std::int64_t{1} << 31;

bool is_success(int status) { return status >= 200 && status <= 299; }

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Compares the media type of a Content-Type value, ignoring parameters and
// case (RFC 9110 section 8.3.1).
bool is_problem_json(std::string_view content_type) {
  std::string_view media_type = trim(content_type.substr(0, content_type.find(';')));
  constexpr std::string_view kProblemJson = "application/problem+json";
  if (media_type.size() != kProblemJson.size()) return false;
  for (std::size_t i = 0; i < media_type.size(); ++i) {
    if (lower_ascii(media_type[i]) != kProblemJson[i]) return false;
  }
  return true;
}

// Parses Age as delta-seconds (1*DIGIT). Returns -1 for anything else.
std::int64_t parse_delta_seconds(std::string_view text) {
  text = trim(text);
  if (text.empty()) return -1;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = std::min(kMaxDeltaSeconds, value * 10 + (c - '0'));
  }
  return value;
}

// A string member as is, a number or boolean as its JSON text; objects,
// arrays and null give "" (no code).
std::string scalar_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return "";
}

std::string member_text(const std::optional<json>& body, const char* member) {
  if (!body || !body->is_object()) return "";
  auto it = body->find(member);
  return it == body->end() ? "" : scalar_text(*it);
}

std::string pointer_text(const std::optional<json>& body, const std::string& pointer) {
  if (!body) return "";
  try {
    json::json_pointer ptr(pointer);
    return body->contains(ptr) ? scalar_text(body->at(ptr)) : "";
  } catch (const json::exception&) {
    return "";  // not a valid JSON pointer, or a non-numeric array index
  }
}

std::optional<json> parse_body(const HttpResponse& resp) {
  if (is_success(resp.status) || resp.body.empty()) return std::nullopt;
  json parsed = json::parse(resp.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

void fill_retry_after(ev::ResponseReceived& e, History& h, const HttpResponse& resp, std::int64_t now_unix) {
  std::vector<std::string_view> values = resp.header_values("Retry-After");
  if (values.empty()) return;

  std::string raw;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) raw += '\n';
    raw += values[i];
  }
  e.retry_after_count = static_cast<std::uint8_t>(std::min<std::size_t>(values.size(), 255));
  e.retry_after_raw = h.intern(raw);

  RetryAfterValue parsed = parse_retry_after(values, now_unix);
  e.retry_after_form = parsed.form;
  e.retry_after_seconds = parsed.delay_seconds;
  e.retry_after_date = parsed.date_unix;
  if (!parsed.error.empty()) e.retry_after_error = h.intern(parsed.error);
}

void fill_plain_headers(ev::ResponseReceived& e, History& h, const HttpResponse& resp, std::int64_t now_unix) {
  if (auto date = resp.header("Date")) {
    if (auto parsed = parse_http_date(*date, now_unix)) e.date = parsed->unix_seconds;
  }
  if (auto content_type = resp.header("Content-Type")) e.content_type = h.intern(*content_type);

  std::vector<std::string_view> directives = resp.header_values("Cache-Control");
  if (!directives.empty()) {
    std::string joined;
    for (std::size_t i = 0; i < directives.size(); ++i) {
      if (i > 0) joined += ", ";
      joined += directives[i];
    }
    e.cache_control = h.intern(joined);
  }

  if (auto age = resp.header("Age")) e.cache_age = parse_delta_seconds(*age);
  if (!resp.transport_error.empty()) e.transport_error = h.intern(resp.transport_error);
}

struct ErrorCode {
  std::string code;
  const char* source = "";
};

ErrorCode extract_error_code(const HttpResponse& resp, const std::optional<json>& body, bool problem,
                             const ErrorCodeRule& rule) {
  if (!rule.header.empty()) {
    auto value = resp.header(rule.header);
    return value ? ErrorCode{std::string(trim(*value)), "header"} : ErrorCode{};
  }
  if (!rule.pointer.empty()) return {pointer_text(body, rule.pointer), "pointer"};
  if (!problem) return {};

  // RFC 9457: `type` is the stable identifier; a project's own `code`
  // extension member, where present, is the more specific one.
  if (std::string code = member_text(body, "code"); !code.empty()) return {code, "problem_code"};
  return {member_text(body, "type"), "problem_type"};
}

void fill_body_fields(ev::ResponseReceived& e, History& h, const HttpResponse& resp, const ErrorCodeRule& rule) {
  std::optional<json> body = parse_body(resp);
  bool problem = body && is_problem_json(resp.header("Content-Type").value_or(""));

  ErrorCode code = extract_error_code(resp, body, problem, rule);
  if (!code.code.empty()) {
    e.error_code = h.intern(code.code);
    e.error_code_source = h.intern(code.source);
  }

  if (auto receipt = resp.header("Freeze-Intent")) {
    e.receipt = h.intern(trim(*receipt));
  } else if (problem) {
    if (std::string member = member_text(body, "receipt"); !member.empty()) e.receipt = h.intern(member);
  }
}

}  // namespace

ev::ResponseReceived record_response(History& h, std::int64_t epoch_unix, Micros now, const HttpRequest& req,
                                     const HttpResponse& resp, Micros sent_at, std::uint64_t op_id,
                                     const std::string& actor, bool write, const ErrorCodeRule& rule) {
  ev::ResponseReceived e;
  e.request_id = req.request_id;
  e.op_id = op_id;
  e.actor = h.intern(actor);
  e.endpoint = h.intern(req.endpoint);
  e.write = write;
  e.instance = resp.instance;
  e.status = static_cast<std::uint16_t>(std::clamp(resp.status, 0, 65535));
  e.sent_at = sent_at;

  // HTTP-dates are read against the calendar time of the receipt.
  std::int64_t now_unix = epoch_unix + now / kMicrosPerSecond;
  fill_retry_after(e, h, resp, now_unix);
  fill_plain_headers(e, h, resp, now_unix);
  fill_body_fields(e, h, resp, rule);

  h.append(now, e);
  return e;
}

}  // namespace freezedrill
