#include "sim/runner/operator.h"


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
  });
  at(w.end + w.soak, [&rt] { rt.record(ev::PhaseChanged{Phase::kClosure}); });
  at(w.end + w.soak, [&rt] { rt.record(ev::PhaseChanged{Phase::kTail}); });
}

void Operator::schedule_faults() {
  for (const FaultSpec& fault : scenario_.faults) faults_.schedule(fault);
}

}  // namespace freezedrill
