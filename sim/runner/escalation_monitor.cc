#include "sim/runner/escalation_monitor.h"

#include <fmt/format.h>

#include "sim/core/embedding.h"

namespace freezedrill {

EscalationMonitor::EscalationMonitor(const History& history, const EscalationSpec& spec, Micros window_start,
                                     bool maintenance)
    : history_(history), spec_(spec), window_start_(window_start), maintenance_(maintenance) {}

std::optional<std::string> EscalationMonitor::look() {
  const std::vector<Event>& events = history_.events();
  for (; next_event_ < events.size(); ++next_event_) {
    const Event& e = events[next_event_];
    if (const auto* response = std::get_if<ev::ResponseReceived>(&e.body)) read_response(e.t, *response);
    if (const auto* answer = std::get_if<ev::ProbeAnswered>(&e.body)) read_probe(e.t, *answer);
  }

  if (worst_delta_s_) {
    std::string reason = fmt::format("a probe answer drifted: Delta S {:.6f} above {:.6f}", *worst_delta_s_,
                                     *spec_.delta_s);
    worst_delta_s_.reset();
    read_errors_ = 0;
    return reason;
  }
  if (spec_.read_errors && read_errors_ >= *spec_.read_errors) {
    std::string reason = fmt::format("{} failed reads, at least {}", read_errors_, *spec_.read_errors);
    read_errors_ = 0;
    return reason;
  }
  return std::nullopt;
}

void EscalationMonitor::read_response(Micros t, const ev::ResponseReceived& response) {
  if (response.write || response.sent_at < window_start_) return;

  bool valid_retry_after =
      response.retry_after_form != RetryAfterForm::kAbsent && response.retry_after_form != RetryAfterForm::kInvalid;
  if (maintenance_ && response.status == 503 && valid_retry_after) return;
  bool error = response.status == 0 || response.status == 423 || response.status == 429 || response.status >= 500;
  if (error && t >= window_start_) ++read_errors_;
}

void EscalationMonitor::read_probe(Micros t, const ev::ProbeAnswered& answer) {
  if (t < window_start_) {
    if (answer.ok) references_[answer.probe] = answer.embedding;
    return;
  }
  if (!answer.ok) {
    // A maintenance window refuses probes by design.
    if (!maintenance_) ++read_errors_;
    return;
  }

  auto reference = references_.find(answer.probe);
  if (!spec_.delta_s || reference == references_.end()) return;
  double drift = delta_s(history_.embedding(reference->second), history_.embedding(answer.embedding));
  if (drift > *spec_.delta_s && (!worst_delta_s_ || drift > *worst_delta_s_)) worst_delta_s_ = drift;
}

}  // namespace freezedrill
