#include "sim/runner/operator.h"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/calendar.h"

namespace freezedrill {

Operator::Operator(Runtime& runtime, ReferenceDeployment& deployment, const Scenario& scenario)
    : runtime_(runtime), deployment_(deployment), scenario_(scenario) {}

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

// The soak counts from the moment the last instance sees the flag off, which
// is known as soon as the flag is written. The closure notice goes out when
// the soak ends, and the intent queue is replayed after it.
void Operator::schedule_closure() {
  Micros views_off = std::max(runtime_.now(), deployment_.last_view_update());
  at(views_off + scenario_.window.soak, [this] { post_closure(); });
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
  for (const FaultSpec& fault : scenario_.faults) {
    if (fault.kind == "flag_late") {
      int instance = fault.instance;
      Micros delay = fault.delay;
      at(fault.at, [this, instance, delay] { deployment_.delay_instance_view(instance, delay); });
    } else if (fault.kind == "instance_restart") {
      int instance = fault.instance;
      Micros downtime = fault.delay;
      at(fault.at, [this, instance, downtime] { deployment_.restart_instance(instance, downtime); });
    } else if (fault.kind == "flag_cleared") {
      Runtime& rt = runtime_;
      std::string detail = fault.config.dump();
      at(fault.at, [this, &rt, detail] {
        rt.record(ev::FaultInjected{rt.history().intern("flag_cleared"), kNoInstance, rt.history().intern(detail)});
        deployment_.set_flag(false, "chaos");
      });
    }
  }
}

}  // namespace freezedrill
