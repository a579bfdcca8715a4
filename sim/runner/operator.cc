#include "sim/runner/operator.h"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/calendar.h"

namespace freezedrill {

Operator::Operator(Runtime& runtime, ReferenceDeployment& deployment, const Scenario& scenario,
                   std::vector<Surface*> surfaces)
    : runtime_(runtime),
      deployment_(deployment),
      scenario_(scenario),
      faults_(runtime, deployment, scenario, std::move(surfaces)) {}

void Operator::at(Micros t, Runtime::Callback fn) {
  runtime_.schedule_at(t, Runtime::Lane::kControl, std::move(fn));
}

void Operator::schedule() {
  const WindowSpec& w = scenario_.window;
  Runtime& rt = runtime_;

  at(0, [&rt] { rt.record(ev::PhaseChanged{Phase::kBaseline}); });

  // Faults scheduled at S are inserted before the flip, so a late instance
  // is already late when the flag changes.
  schedule_faults();

  if (w.announce_lead > 0) {
    at(w.start - w.announce_lead, [&rt] { rt.record(ev::PhaseChanged{Phase::kAnnounce}); });
  }
  at(w.start, [this, &rt] {
    rt.record(ev::PhaseChanged{Phase::kWindow});
    deployment_.set_flag(true, "operator");
  });

  // Runbook end: re-enable writes, soak, then the closure notice.
  at(w.end, [this, &rt] {
    deployment_.set_flag(false, "operator");
    rt.record(ev::PhaseChanged{Phase::kSoak});
    schedule_closure();
  });
}

// The soak counts from the moment the last instance sees the flag off. The
// propagation delay makes that known when the flag is written, but a crashed,
// partitioned or lagging instance sees it only when it catches up, so the
// operator checks again when the soak would end. The closure notice goes out
// when the soak has run from the last view change, and the intent queue is
// replayed after it.
void Operator::schedule_closure() {
  Micros views_off = std::max(runtime_.now(), deployment_.last_view_update());
  at(views_off + scenario_.window.soak, [this] { close_when_settled(); });
}

void Operator::close_when_settled() {
  Micros now = runtime_.now();
  if (!deployment_.views_settled()) {
    at(now + kSettleRecheck, [this] { close_when_settled(); });
    return;
  }
  Micros last_change = deployment_.last_view_change();
  Micros due = last_change == kNoTime ? now : last_change + scenario_.window.soak;
  if (due > now) {
    at(due, [this] { close_when_settled(); });
    return;
  }
  post_closure();
}

void Operator::post_closure() {
  Runtime& rt = runtime_;
  History& h = rt.history();
  rt.record(ev::PhaseChanged{Phase::kClosure});
  std::string start = format_rfc3339(rt.epoch_unix() + scenario_.window.start / kMicrosPerSecond);
  std::string end = format_rfc3339(rt.epoch_unix() + deployment_.window_end() / kMicrosPerSecond);
  rt.record(ev::StatusPosted{h.intern("closure"), h.intern(start), h.intern(end)});
  deployment_.replay_queue({});
}

void Operator::schedule_faults() {
  for (const FaultSpec& fault : scenario_.faults) faults_.schedule(fault);
}

}  // namespace freezedrill
