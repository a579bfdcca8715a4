#ifndef FREEZEDRILL_SIM_RUNNER_ESCALATION_MONITOR_H_
#define FREEZEDRILL_SIM_RUNNER_ESCALATION_MONITOR_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "sim/history/history.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// The operator's view of its monitoring during the window. It reads the
// events recorded since its last look and reports whether the runbook's
// escalation rule fires. Read errors are reads that got a transport
// failure, 423, 429 or 5xx, and failed probe answers. In maintenance mode a
// 503 with a valid Retry-After is the expected response, so neither it nor a
// failed probe answer counts.
// Drift is a probe answer in the window whose Delta S against that probe's
// last successful answer before S is above the threshold.
class EscalationMonitor {
 public:
  EscalationMonitor(const History& history, const EscalationSpec& spec, Micros window_start, bool maintenance);

  // Reads the new events. Returns why the window must be extended, or
  // nullopt. Read errors are counted again from zero after a trigger.
  std::optional<std::string> look();

 private:
  void read_response(Micros t, const ev::ResponseReceived& response);
  void read_probe(Micros t, const ev::ProbeAnswered& answer);

  const History& history_;
  EscalationSpec spec_;
  Micros window_start_;
  bool maintenance_;
  std::size_t next_event_ = 0;
  std::int64_t read_errors_ = 0;
  std::optional<double> worst_delta_s_;  // the largest Delta S above the threshold since the last look
  std::map<StrId, std::uint32_t> references_;  // probe -> embedding of its last baseline answer
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_RUNNER_ESCALATION_MONITOR_H_
