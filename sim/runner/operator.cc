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

  // With announce_lead 0 the announcement still comes before the flip,
  // because steps at one instant run in the order they were scheduled.
  if (w.announce_lead > 0) {
    at(w.start - w.announce_lead, [&rt] { rt.record(ev::PhaseChanged{Phase::kAnnounce}); });
  }
  at(w.start - w.announce_lead, [this, &w] { deployment_.banner().announce(w.start, w.end); });
  at(w.start, [this, &rt] {
    rt.record(ev::PhaseChanged{Phase::kWindow});
    deployment_.set_flag(true, "operator");
    deployment_.banner().window_started();
  });

  schedule_extensions();
  schedule_window_end(w.end);

  if (w.escalation) {
    monitor_ = std::make_unique<EscalationMonitor>(runtime_.history(), *w.escalation, w.start,
                                                   w.mode == "maintenance");
    watch_at(w.start + w.escalation->every);
  }
}

void Operator::watch_at(Micros t) {
  at(t, [this] {
    if (runtime_.now() >= deployment_.window_end()) return;

    const EscalationSpec& escalation = *scenario_.window.escalation;
    std::optional<std::string> reason = monitor_->look();
    if (reason && escalations_ < escalation.max_extensions) {
      ++escalations_;
      extend_window(deployment_.window_end() + escalation.extend_by, "escalation: " + *reason);
    }
    watch_at(runtime_.now() + escalation.every);
  });
}

void Operator::schedule_extensions() {
  for (const WindowExtensionSpec& extension : scenario_.window.extensions) {
    Micros new_end = extension.end;
    // A triggered escalation may already have moved the end past this one.
    at(extension.at, [this, new_end] {
      if (new_end > deployment_.window_end()) extend_window(new_end, "operator");
    });
  }
}

// Escalation: the deployment moves its end (until_end Retry-After values
// follow it), and the banner and a status update state the new end.
void Operator::extend_window(Micros new_end, std::string_view by) {
  deployment_.extend_window(new_end, by);
  deployment_.banner().window_extended(scenario_.window.start, new_end);
  schedule_window_end(new_end);
}

void Operator::schedule_window_end(Micros end) {
  at(end, [this, end] {
    if (deployment_.window_end() != end) return;
    end_window();
  });
}

// Runbook end: re-enable writes and take the banner down. The soak counts
// from the moment the last instance has seen the flag off, which a slow
// propagation or a late instance puts after E.
void Operator::end_window() {
  deployment_.set_flag(false, "operator");
  runtime_.record(ev::PhaseChanged{Phase::kSoak});
  deployment_.banner().window_ended(scenario_.window.start, deployment_.window_end());

  Micros views_off = std::max(runtime_.now(), deployment_.last_view_update());
  at(views_off + scenario_.window.soak, [this] { close_when_settled(); });
}

// The soak counts from the moment the last instance sees the flag off. The
// propagation delay makes that known when the flag is written, but a crashed,
// partitioned or lagging instance sees it only when it catches up, so the
// operator checks again when the soak would end. The operator follows its
// runbook: if the flag store kept the flag on (a lost switch-off), every
// view settles on and the closure still goes out, which end_sequence
// rejects.
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
  post_closure_notice();
}

// The replay records its own phases and the tail when it is done.
void Operator::post_closure_notice() {
  runtime_.record(ev::PhaseChanged{Phase::kClosure});
  deployment_.banner().post_closure(scenario_.window.start, deployment_.window_end());
  deployment_.replay_queue({});
}

void Operator::schedule_faults() {
  for (const FaultSpec& fault : scenario_.faults) faults_.schedule(fault);
}

}  // namespace freezedrill
