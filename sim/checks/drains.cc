#include "sim/checks/drains.h"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "sim/checks/poll_windows.h"
#include "sim/checks/text.h"
#include "sim/checks/window.h"

namespace freezedrill {
namespace {

struct DrainsTally {
  std::int64_t units_started = 0;
  std::int64_t units_in_window = 0;
  std::int64_t actors_polling = 0;
  std::int64_t actors_over_rate = 0;
  PollWindow peak;
  StrId peak_actor = kNoStr;
};

// "12.5 s": seconds with the trailing zeros of format_seconds dropped.
std::string elapsed_text(Micros d) {
  std::string text = format_seconds(d);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text + " s";
}

Evidence unit_evidence(const History& history, Micros t, const ev::WorkStarted& work, const FenceWindow& window) {
  Evidence e;
  e.t = t;
  e.actor = std::string(history.str(work.actor));
  e.instance = work.instance;
  e.detail = fmt::format("{} {} started at {}, {} after S, inside [S + drain_grace, E) = {}", history.str(work.unit),
                         work.unit_id, time_text(t), elapsed_text(t - history.header().start), window.describe());
  return e;
}

// The runbook stops background writers and pauses compaction and long
// migrations for the window: no unit of work may start in it.
void judge_unit_starts(const History& history, const FenceWindow& window, DrainsTally& tally,
                       std::vector<Evidence>& offences) {
  for (const Event& e : history.events()) {
    const auto* work = std::get_if<ev::WorkStarted>(&e.body);
    if (work == nullptr) continue;
    ++tally.units_started;
    if (!window.contains(e.t)) continue;
    ++tally.units_in_window;
    offences.push_back(unit_evidence(history, e.t, *work, window));
  }
}

Evidence busy_loop_evidence(const History& history, StrId actor, const PollWindow& window,
                            std::int64_t max_poll_rate) {
  Evidence e;
  e.t = window.start;
  e.actor = std::string(history.str(actor));
  e.instance = window.instance;
  e.detail = fmt::format("{} and {} in [{}, {}), more than max_poll_rate = {} per second",
                         count_text(window.polls, "flag poll", "flag polls"),
                         count_text(window.restarts, "worker restart", "worker restarts"), time_text(window.start),
                         time_text(window.start + kMicrosPerSecond), max_poll_rate);
  return e;
}

// A stopped actor must back off between flag checks and between restarts, so
// more than max_poll_rate of them in one second is a busy loop.
void judge_poll_rates(const History& history, std::int64_t max_poll_rate, DrainsTally& tally,
                      std::vector<Evidence>& offences) {
  for (ActorPolls& actor : collect_actor_polls(history)) {
    ++tally.actors_polling;
    PollScan scan = scan_poll_windows(std::move(actor.ticks), max_poll_rate);

    bool busier = scan.peak.count() > tally.peak.count();
    bool as_busy_earlier = scan.peak.count() == tally.peak.count() && scan.peak.start < tally.peak.start;
    if (busier || as_busy_earlier) {
      tally.peak = scan.peak;
      tally.peak_actor = actor.actor;
    }

    if (!scan.first_over) continue;
    ++tally.actors_over_rate;
    offences.push_back(busy_loop_evidence(history, actor.actor, *scan.first_over, max_poll_rate));
  }
}

// A first start (restart 0) is not judged, but it makes the check applicable.
bool has_worker_start(const History& history) {
  return std::any_of(history.events().begin(), history.events().end(),
                     [](const Event& e) { return std::holds_alternative<ev::WorkerStarted>(e.body); });
}

// How far each paused job got: per actor with a unit finished "paused",
// "<actor>: N done, M paused", in the order of each actor's first pause.
struct PauseProgress {
  std::int64_t paused = 0;
  std::string text;
};

PauseProgress pause_progress(const History& history) {
  std::vector<StrId> order;
  std::map<StrId, std::pair<std::int64_t, std::int64_t>> counts;  // actor -> (done, paused)
  for (const Event& e : history.events()) {
    const auto* finished = std::get_if<ev::WorkFinished>(&e.body);
    if (finished == nullptr) continue;
    auto& [done, paused] = counts[finished->actor];
    std::string_view outcome = history.str(finished->outcome);
    if (outcome == "done") ++done;
    if (outcome != "paused") continue;
    if (paused == 0) order.push_back(finished->actor);
    ++paused;
  }

  PauseProgress progress;
  std::vector<std::string> parts;
  for (StrId actor : order) {
    const auto& [done, paused] = counts[actor];
    progress.paused += paused;
    parts.push_back(fmt::format("{}: {} done, {} paused", history.str(actor), done, paused));
  }
  progress.text = fmt::format("{}", fmt::join(parts, "; "));
  return progress;
}

void add_figures(CheckResult& result, const History& history, const DrainsTally& tally) {
  result.add_figure("units_started_in_window", tally.units_in_window);
  result.add_figure("units_started", tally.units_started);
  result.add_figure("actors_polling", tally.actors_polling);
  result.add_figure("actors_over_poll_rate", tally.actors_over_rate);
  result.add_figure("peak_polls_per_second", tally.peak.count());
  result.add_figure("peak_poll_actor", std::string(history.str(tally.peak_actor)));
  PauseProgress progress = pause_progress(history);
  result.add_figure("units_paused", progress.paused);
  result.add_figure("paused_jobs", progress.text);
}

std::string pass_summary(const History& history, const DrainsTally& tally, const FenceWindow& window,
                         std::int64_t max_poll_rate) {
  std::string polls = tally.actors_polling == 0
                          ? std::string("no actor polled the flag or restarted a worker")
                          : fmt::format("the busiest actor, {}, polled or restarted {} times in one second, "
                                        "within max_poll_rate = {}",
                                        quote_value(history.str(tally.peak_actor)), tally.peak.count(),
                                        max_poll_rate);
  return fmt::format("no unit of work started in [S + drain_grace, E) = {} ({} in all), and {}", window.describe(),
                     count_text(tally.units_started, "unit started", "units started"), polls);
}

std::string fail_summary(const DrainsTally& tally, const FenceWindow& window, std::int64_t max_poll_rate,
                         const Evidence& first) {
  std::vector<std::string> parts;
  if (tally.units_in_window > 0) {
    parts.push_back(fmt::format("{} in [S + drain_grace, E) = {}",
                                count_text(tally.units_in_window, "unit of work started", "units of work started"),
                                window.describe()));
  }
  if (tally.actors_over_rate > 0) {
    parts.push_back(fmt::format("{} the flag or restarted more than max_poll_rate = {} times in one second",
                                count_text(tally.actors_over_rate, "actor polled", "actors polled"),
                                max_poll_rate));
  }
  return fmt::format("{}. First, by {}: {}", fmt::join(parts, ", and "), first.actor, first.detail);
}

}  // namespace

std::string_view DrainsCheck::summary() const {
  return "no unit of background work starts in [S + drain_grace, E), and no actor polls the flag or restarts "
         "in a busy loop";
}

std::string_view DrainsCheck::remedy() const {
  return "Check the flag before every unit of work (batch, job, step) and return early while it is on; back off "
         "between checks and between worker restarts.";
}

std::vector<OptionSpec> DrainsCheck::options() const {
  using Type = OptionSpec::Type;
  return {
      OptionSpec{"drain_grace", Type::kDuration, "0s",
                 "Time after S during which units of work may still start, as a duration (\"2s\").", false},
      OptionSpec{"max_poll_rate", Type::kInteger, 10,
                 "Maximum flag polls plus worker restarts per actor in any one-second span, as an integer.",
                 false},
  };
}

CheckResult DrainsCheck::run(const History& history, const CheckOptions& options) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  const FenceWindow window = fence_window(history, options.duration("drain_grace"));
  const std::int64_t max_poll_rate = options.integer("max_poll_rate");

  DrainsTally tally;
  std::vector<Evidence> offences;
  judge_unit_starts(history, window, tally, offences);
  judge_poll_rates(history, max_poll_rate, tally, offences);
  add_figures(result, history, tally);

  if (tally.units_started == 0 && tally.actors_polling == 0 && !has_worker_start(history)) {
    result.verdict = Verdict::kNotApplicable;
    result.summary = "the history has no unit of work, no flag poll outside the service layer's guard and no "
                     "worker start, so there is nothing to judge";
    return result;
  }

  std::stable_sort(offences.begin(), offences.end(), [](const Evidence& a, const Evidence& b) { return a.t < b.t; });
  for (const Evidence& e : offences) result.add_evidence(e);
  if (offences.empty()) {
    result.verdict = Verdict::kPass;
    result.summary = pass_summary(history, tally, window, max_poll_rate);
  } else {
    result.verdict = Verdict::kFail;
    result.summary = fail_summary(tally, window, max_poll_rate, result.evidence.front());
  }
  return result;
}

}  // namespace freezedrill
