#include "sim/checks/backoff_load.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "sim/checks/ratio.h"
#include "sim/checks/text.h"
#include "sim/checks/window.h"

namespace freezedrill {
namespace {

constexpr Wide kThousand = 1000;
// Standard deviations (and attempts) of Poisson noise the herd bound allows.
constexpr Wide kNoiseSigmas = 6;

// Rule 4: the herd after the window.

// One client write attempt.
struct WriteSend {
  Micros t = 0;
  const Operation* operation = nullptr;
  const Attempt* attempt = nullptr;
};

std::vector<WriteSend> collect_write_sends(const std::vector<Operation>& operations) {
  std::vector<WriteSend> sends;
  for (const Operation& operation : operations) {
    for (const Attempt& attempt : operation.attempts) {
      if (attempt.request->write) sends.push_back(WriteSend{attempt.sent_at, &operation, &attempt});
    }
  }
  std::sort(sends.begin(), sends.end(),
            [](const WriteSend& a, const WriteSend& b) { return a.attempt->sent_index < b.attempt->sent_index; });
  return sends;
}

Micros largest_requested_wait(const History& history, const std::vector<Operation>& operations) {
  Micros largest = 0;
  for (const Operation& operation : operations) {
    for (const Attempt& attempt : operation.attempts) {
      if (attempt.answered()) largest = std::max(largest, requested_wait(history, attempt));
    }
  }
  return largest;
}

// The default span: cap + 1.5 x the largest Retry-After wait, rounded down
// to the microsecond. A client that honours that wait with jitter on top and
// then backs off once more is done by then.
Micros herd_span(const History& history, const std::vector<Operation>& operations, const BackoffOptions& options) {
  if (options.herd_span) return *options.herd_span;
  Wide wait = largest_requested_wait(history, operations);
  return clamp_to_int64(Wide{options.cap} + wait * 3 / 2);
}

// The smallest r with r * r >= n, for n >= 0.
Wide ceil_sqrt(Wide n) {
  if (n <= 0) return 0;
  Wide lo = 0;
  Wide hi = 1;
  while (hi * hi < n) hi *= 2;
  while (lo + 1 < hi) {  // invariant: lo * lo < n <= hi * hi
    Wide mid = lo + (hi - lo) / 2;
    if (mid * mid < n) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return hi;
}

// The herd bound max(herd_factor x b, b + herd_margin, b + 6 sqrt(b) + 6),
// with b = count / span_us attempts per microsecond kept as a rational. The
// third term is the noise floor of Poisson arrivals at the baseline rate: a
// one-second count above it has a probability below 10^-9 for any b, so
// a correct deployment's own traffic does not pass for a herd over a long
// herd_span. It only matters for b between about 1 and 20 attempts per
// second; a real herd is many times larger. Scaled by
// 1000 x span_us, so a window with n attempts exceeds it iff
// n x 1000 x span_us > scaled.
struct HerdBound {
  Wide baseline_count = 0;
  Wide baseline_span = 1;  // microseconds, at least 1 so the ratios stay defined
  Wide scaled = 0;

  bool exceeded_by(std::int64_t count) const { return Wide{count} * kThousand * baseline_span > scaled; }
  std::string rate_text() const { return ratio_text(baseline_count * kMicrosPerSecond, baseline_span); }
  std::string bound_text() const { return ratio_text(scaled, kThousand * baseline_span); }
};

HerdBound herd_bound(const History& history, const std::vector<WriteSend>& sends, const BackoffOptions& options) {
  HerdBound bound;
  Micros baseline_end = history.header().start - history.header().announce_lead;
  if (baseline_end > 0) {
    bound.baseline_span = baseline_end;
    bound.baseline_count = std::count_if(sends.begin(), sends.end(),
                                         [&](const WriteSend& s) { return s.t >= 0 && s.t < baseline_end; });
  }
  // An empty baseline or one without writes gives b = 0, so the bound is herd_margin.
  Wide per_second = bound.baseline_count * kMicrosPerSecond;
  bound.scaled = std::max(Wide{options.herd_factor} * per_second,
                          per_second * kThousand + Wide{options.herd_margin} * bound.baseline_span);
  // Scaled by 1000 x span: 6 sqrt(b) becomes 6000 sqrt(per_second x span).
  Wide noise = per_second * kThousand + kNoiseSigmas * kThousand * ceil_sqrt(per_second * bound.baseline_span) +
               kNoiseSigmas * kThousand * bound.baseline_span;
  bound.scaled = std::max(bound.scaled, noise);
  return bound;
}

// The busiest 1-second window and the first window over the bound.
struct HerdSweep {
  std::int64_t peak = 0;
  Micros peak_start = 0;
  std::optional<Micros> first_over_start;
  const WriteSend* first_over_send = nullptr;
  std::int64_t first_over_count = 0;
};

// Counts the attempts in [t, t + 1 s) for t = E and for every attempt time
// in [E, E + span]. The count only rises where a window starts at an
// attempt, so these starts include the maximum. Both ends move forward
// only, so the sweep is linear.
HerdSweep sweep_herd(const std::vector<WriteSend>& sends, Micros end, Micros span, const HerdBound& bound) {
  HerdSweep sweep;
  sweep.peak_start = end;
  Wide last_start = Wide{end} + span;
  auto first = std::lower_bound(sends.begin(), sends.end(), end,
                                [](const WriteSend& s, Micros t) { return s.t < t; });
  std::size_t lo = static_cast<std::size_t>(first - sends.begin());
  std::size_t hi = lo;

  auto visit = [&](Micros start) {
    while (lo < sends.size() && sends[lo].t < start) ++lo;
    hi = std::max(hi, lo);
    while (hi < sends.size() && Wide{sends[hi].t} < Wide{start} + kMicrosPerSecond) ++hi;
    auto count = static_cast<std::int64_t>(hi - lo);
    if (count > sweep.peak) {
      sweep.peak = count;
      sweep.peak_start = start;
    }
    if (!sweep.first_over_start && bound.exceeded_by(count)) {
      sweep.first_over_start = start;
      sweep.first_over_send = &sends[lo];
      sweep.first_over_count = count;
    }
  };

  visit(end);
  for (std::size_t i = lo; i < sends.size() && Wide{sends[i].t} <= last_start; ++i) visit(sends[i].t);
  return sweep;
}

Evidence herd_evidence(const History& history, const HerdSweep& sweep, const HerdBound& bound,
                       const BackoffOptions& options) {
  const WriteSend& send = *sweep.first_over_send;
  Evidence e = attempt_evidence(
      history, *send.operation, *send.attempt,
      fmt::format("{} in [{}, {} + 1s), over the herd bound {} per second = max(herd_factor {} x baseline {} "
                  "per second, baseline + herd_margin {}, baseline + 6 x its square root + 6)",
                  count_text(sweep.first_over_count, "write attempt", "write attempts"),
                  time_text(*sweep.first_over_start), time_text(*sweep.first_over_start), bound.bound_text(),
                  thousandths_text(options.herd_factor), bound.rate_text(),
                  thousandths_text(options.herd_margin)));
  e.t = *sweep.first_over_start;
  return e;
}

// Rule 5: amplification of the window's writes.

struct AmplificationTally {
  std::int64_t operations = 0;
  std::int64_t attempts = 0;
  const Operation* max_attempts_operation = nullptr;  // the first one with the max attempts
};

AmplificationTally tally_window_writes(const History& history, const std::vector<Operation>& operations) {
  AmplificationTally tally;
  FenceWindow window = fence_window(history, 0);
  for (const Operation& operation : operations) {
    if (!operation.write || !window.contains(operation.attempts.front().sent_at)) continue;
    ++tally.operations;
    tally.attempts += static_cast<std::int64_t>(operation.attempts.size());
    if (tally.max_attempts_operation == nullptr ||
        operation.attempts.size() > tally.max_attempts_operation->attempts.size()) {
      tally.max_attempts_operation = &operation;
    }
  }
  return tally;
}

// Rule 6: retry budget per actor.

struct ActorRetries {
  StrId actor = kNoStr;
  std::int64_t requests = 0;
  std::int64_t retries = 0;
  const Operation* first_retry_operation = nullptr;
  const Attempt* first_retry = nullptr;
};

std::vector<ActorRetries> tally_actor_retries(const std::vector<Operation>& operations) {
  std::vector<ActorRetries> actors;
  std::map<StrId, std::size_t> index_by_actor;
  for (const Operation& operation : operations) {
    auto [it, inserted] = index_by_actor.try_emplace(operation.actor, actors.size());
    if (inserted) actors.push_back(ActorRetries{operation.actor});
    ActorRetries& actor = actors[it->second];

    actor.requests += static_cast<std::int64_t>(operation.attempts.size());
    actor.retries += static_cast<std::int64_t>(operation.attempts.size()) - 1;
    if (operation.attempts.size() < 2) continue;
    const Attempt& retry = operation.attempts[1];
    if (actor.first_retry == nullptr || retry.sent_index < actor.first_retry->sent_index) {
      actor.first_retry = &retry;
      actor.first_retry_operation = &operation;
    }
  }
  return actors;
}

bool over_budget(const ActorRetries& actor, std::int64_t budget) {
  return Wide{actor.retries} * kThousand > Wide{budget} * actor.requests;
}

// True when a's share of retries is larger than b's, compared exactly.
bool larger_share(const ActorRetries& a, const ActorRetries& b) {
  return Wide{a.retries} * b.requests > Wide{b.retries} * a.requests;
}

// The actor with the largest share of retries, the first on ties, or an
// empty tally when there is no actor.
ActorRetries worst_share(const std::vector<ActorRetries>& actors) {
  const ActorRetries* worst = nullptr;
  for (const ActorRetries& actor : actors) {
    if (worst == nullptr || larger_share(actor, *worst)) worst = &actor;
  }
  return worst != nullptr ? *worst : ActorRetries{};
}

std::vector<Figure> budget_figures(const History& history, const ActorRetries& worst, std::int64_t over) {
  std::string share = worst.requests > 0 ? ratio_text(worst.retries, worst.requests) : std::string("0.000");
  return {{"actors_over_retry_budget", over},
          {"retry_budget_worst_actor", std::string(history.str(worst.actor))},
          {"retry_budget_worst_retries", worst.retries},
          {"retry_budget_worst_requests", worst.requests},
          {"retry_budget_worst_share", share}};
}

Evidence budget_evidence(const History& history, const ActorRetries& actor, std::int64_t budget) {
  std::int64_t allowed = static_cast<std::int64_t>(Wide{budget} * actor.requests / kThousand);
  return attempt_evidence(
      history, *actor.first_retry_operation, *actor.first_retry,
      fmt::format("{} sent {} in {} over the run ({}), over retry_budget {}, which allows {}; this is its first "
                  "retry",
                  history.str(actor.actor), count_text(actor.retries, "retry", "retries"),
                  count_text(actor.requests, "request", "requests"), ratio_text(actor.retries, actor.requests),
                  thousandths_text(budget), allowed));
}

}  // namespace

RuleOutcome judge_herd(const History& history, const std::vector<Operation>& operations,
                       const BackoffOptions& options) {
  std::vector<WriteSend> sends = collect_write_sends(operations);
  HerdBound bound = herd_bound(history, sends, options);
  Micros end = WindowEnds(history).final_end();
  Micros span = herd_span(history, operations, options);
  HerdSweep sweep = sweep_herd(sends, end, span, bound);

  RuleOutcome outcome;
  outcome.figures = {{"herd_span_us", span},
                     {"baseline_write_attempts", static_cast<std::int64_t>(bound.baseline_count)},
                     {"baseline_write_rate", bound.rate_text()},
                     {"herd_bound", bound.bound_text()},
                     {"herd_peak", sweep.peak},
                     {"herd_peak_start_us", sweep.peak_start}};
  if (sends.empty()) {
    outcome.summary = "no client write attempt, so there is no herd to judge";
    return outcome;
  }
  if (sweep.first_over_start) {
    outcome.verdict = Verdict::kFail;
    outcome.offences.push_back(herd_evidence(history, sweep, bound, options));
    // The evidence is the first second over the bound, which may differ from
    // the peak; the summary names both counts.
    std::string first = sweep.peak_start == *sweep.first_over_start
                            ? std::string("; it is also the first second over the bound")
                            : fmt::format("; the first second over the bound starts at {} with {}",
                                          time_text(*sweep.first_over_start),
                                          count_text(sweep.first_over_count, "write attempt", "write attempts"));
    outcome.summary = fmt::format("peak of {} write attempts in the second from {}, over the herd bound {} per "
                                  "second{}",
                                  sweep.peak, time_text(sweep.peak_start), bound.bound_text(), first);
    return outcome;
  }
  outcome.verdict = Verdict::kPass;
  outcome.summary = fmt::format("at most {} write attempts in any second from E to E + herd_span, within the "
                                "herd bound {} per second",
                                sweep.peak, bound.bound_text());
  return outcome;
}

RuleOutcome judge_amplification(const History& history, const std::vector<Operation>& operations,
                                const BackoffOptions& options) {
  AmplificationTally tally = tally_window_writes(history, operations);
  RuleOutcome outcome;
  std::string amplification =
      tally.operations > 0 ? ratio_text(tally.attempts, tally.operations) : std::string("0.000");
  outcome.figures = {{"window_write_operations", tally.operations},
                     {"window_write_attempts", tally.attempts},
                     {"amplification", amplification}};
  if (tally.operations == 0) {
    outcome.summary = "no write operation was first sent in the window [S, E)";
    return outcome;
  }

  if (Wide{tally.attempts} * kThousand <= Wide{options.amplification} * tally.operations) {
    outcome.verdict = Verdict::kPass;
    outcome.summary = fmt::format("write operations first sent in the window made {} attempts each, within "
                                  "amplification {}",
                                  amplification, thousandths_text(options.amplification));
    return outcome;
  }

  outcome.verdict = Verdict::kFail;
  outcome.summary = fmt::format("{} write operations first sent in the window made {} attempts, {} each, over "
                                "amplification {}",
                                tally.operations, tally.attempts, amplification,
                                thousandths_text(options.amplification));
  const Operation& busiest = *tally.max_attempts_operation;
  outcome.offences.push_back(attempt_evidence(
      history, busiest, busiest.attempts.front(),
      fmt::format("{} made {}, the most of the {} write operations first sent in the window, which averaged {}, "
                  "over amplification {}",
                  operation_label(history, busiest),
                  count_text(static_cast<std::int64_t>(busiest.attempts.size()), "attempt", "attempts"),
                  tally.operations, amplification, thousandths_text(options.amplification))));
  return outcome;
}

RuleOutcome judge_retry_budget(const History& history, const std::vector<Operation>& operations,
                               const BackoffOptions& options) {
  std::vector<ActorRetries> actors = tally_actor_retries(operations);
  RuleOutcome outcome;
  std::int64_t over = 0;
  if (options.retry_budget) {
    for (const ActorRetries& actor : actors) {
      if (!over_budget(actor, *options.retry_budget)) continue;
      ++over;
      outcome.offences.push_back(budget_evidence(history, actor, *options.retry_budget));
    }
  }

  ActorRetries worst = worst_share(actors);
  outcome.figures = budget_figures(history, worst, over);
  if (!options.retry_budget) {
    outcome.summary = "retry_budget is off";
    return outcome;
  }
  if (actors.empty()) {
    outcome.summary = "no client sent a request, so no retry budget was judged";
    return outcome;
  }

  std::string budget = thousandths_text(*options.retry_budget);
  std::string worst_text = fmt::format("{} with {} in {}", history.str(worst.actor),
                                       count_text(worst.retries, "retry", "retries"),
                                       count_text(worst.requests, "request", "requests"));
  outcome.verdict = over > 0 ? Verdict::kFail : Verdict::kPass;
  outcome.summary = over > 0 ? fmt::format("{} over retry_budget {}, the worst {}",
                                           count_text(over, "actor retried", "actors retried"), budget, worst_text)
                             : fmt::format("every actor kept within retry_budget {}, the worst {}", budget,
                                           worst_text);
  return outcome;
}

}  // namespace freezedrill
