#include "sim/checks/reads_healthy.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/checks/read_pairs.h"
#include "sim/checks/reads_healthy_rules.h"
#include "sim/checks/text.h"

namespace freezedrill {
namespace {

// The reads of one span and the latency samples of its successful reads.
struct SpanReads {
  std::int64_t reads = 0;
  std::int64_t errors = 0;
  std::vector<Micros> latencies;
};

struct JudgedError {
  const ReadPair* read = nullptr;
  std::string reason;
};

struct ReadTally {
  SpanReads baseline;
  SpanReads judged;
  std::vector<JudgedError> judged_errors;      // in send order
  std::vector<const ReadPair*> judged_timed;   // judged reads with a latency sample
};

// The verdict of one part (the error budget, the latency) and why.
struct PartOutcome {
  Verdict verdict = Verdict::kNotApplicable;
  std::string text;
};

// Latency figures in microseconds, -1 where there is no sample to compute them from.
struct LatencyFigures {
  Micros baseline_p99 = -1;
  Micros judged_p99 = -1;
  Micros bound = -1;
};

void tally_read(const History& history, const ReadPair& read, const ReadSpans& spans, bool maintenance,
                ReadTally& tally) {
  ReadSpan span = spans.span_of(read.sent_at);
  if (span == ReadSpan::kOutside) return;

  bool refusal_expected = maintenance && spans.window.contains(read.sent_at);
  std::optional<std::string> error = read_error(history, read, refusal_expected);
  SpanReads& side = span == ReadSpan::kBaseline ? tally.baseline : tally.judged;
  ++side.reads;
  if (error) {
    ++side.errors;
    if (span == ReadSpan::kJudged) tally.judged_errors.push_back(JudgedError{&read, std::move(*error)});
    return;
  }

  // A refusal that maintenance mode expects was not served, so its latency does not measure the read path.
  if (refusal_expected) return;
  side.latencies.push_back(read.latency());
  if (span == ReadSpan::kJudged) tally.judged_timed.push_back(&read);
}

ErrorCounts error_counts(const ReadTally& tally) {
  return ErrorCounts{tally.baseline.reads, tally.baseline.errors, tally.judged.reads, tally.judged.errors};
}

// "5 errors in 1000 reads"
std::string errors_in_reads(std::int64_t errors, std::int64_t reads) {
  return fmt::format("{} in {}", count_text(errors, "error", "errors"), count_text(reads, "read", "reads"));
}

// Error budget (Google SRE book): the judged error rate may exceed the
// baseline's by at most error_budget parts per million, compared in integers.
PartOutcome judge_budget(const ErrorCounts& counts, std::int64_t ppm, const ReadSpans& spans) {
  if (counts.judged_reads == 0) {
    return {Verdict::kInconclusive,
            fmt::format("no read was sent in the judged span [S, E + soak) = {}", spans.judged.describe())};
  }
  if (counts.baseline_reads == 0) {
    return {Verdict::kInconclusive,
            fmt::format("no read was sent in the baseline span [warm_up, S - announce_lead) = {}, so there is no "
                        "error rate to compare with",
                        spans.baseline.describe())};
  }
  if (baseline_over_budget(counts, ppm)) {
    return {Verdict::kInconclusive,
            fmt::format("the baseline itself is over budget: {} is {} ppm, above error_budget = {} ppm",
                        errors_in_reads(counts.baseline_errors, counts.baseline_reads),
                        error_rate_ppm(counts.baseline_errors, counts.baseline_reads), ppm)};
  }

  std::string judged = fmt::format("{} in {} judged reads ({} ppm)",
                                   count_text(counts.judged_errors, "error", "errors"), counts.judged_reads,
                                   error_rate_ppm(counts.judged_errors, counts.judged_reads));
  std::string allowance = fmt::format("the {} allowed by error_budget = {} ppm over the baseline's {}",
                                      allowed_errors(counts, ppm), ppm,
                                      errors_in_reads(counts.baseline_errors, counts.baseline_reads));
  if (budget_exceeded(counts, ppm)) return {Verdict::kFail, fmt::format("{}, more than {}", judged, allowance)};
  return {Verdict::kPass, fmt::format("{}, within {}", judged, allowance)};
}

std::string ratio_text(std::int64_t thousandths) {
  return fmt::format("{}.{:03}", thousandths / 1000, thousandths % 1000);
}

LatencyFigures latency_figures(const ReadTally& tally, std::int64_t ratio_thousandths) {
  LatencyFigures figures;
  if (!tally.baseline.latencies.empty()) {
    figures.baseline_p99 = nearest_rank_p99(tally.baseline.latencies);
    figures.bound = p99_bound(figures.baseline_p99, ratio_thousandths);
  }
  if (!tally.judged.latencies.empty()) figures.judged_p99 = nearest_rank_p99(tally.judged.latencies);
  return figures;
}

std::string sample_shortfall(const ReadTally& tally, std::int64_t min_samples) {
  // A p99 needs at least one sample, even with min_samples set to 0.
  std::int64_t needed = std::max<std::int64_t>(min_samples, 1);
  std::vector<std::string> short_sides;
  auto baseline = static_cast<std::int64_t>(tally.baseline.latencies.size());
  auto judged = static_cast<std::int64_t>(tally.judged.latencies.size());
  if (baseline < needed) short_sides.push_back(fmt::format("{} in the baseline", baseline));
  if (judged < needed) short_sides.push_back(fmt::format("{} in the judged span", judged));
  if (short_sides.empty()) return "";
  return fmt::format("too few successful reads to compare p99: {}, below the minimum of {} (min_samples)",
                     fmt::join(short_sides, " and "), needed);
}

// p99 by nearest rank on each side, compared with the ratio in thousandths.
PartOutcome judge_latency(const ReadTally& tally, const ReadsHealthyOptions& options, bool maintenance,
                          const LatencyFigures& figures) {
  if (maintenance) {
    return {Verdict::kNotApplicable,
            "not judged in maintenance mode, because reads in the window are expected to be refused with 503"};
  }
  std::string shortfall = sample_shortfall(tally, options.min_samples);
  if (!shortfall.empty()) return {Verdict::kInconclusive, shortfall};

  std::string bound = fmt::format("the bound {}, the larger of {} times the baseline p99 {} and the baseline p99 "
                                  "plus 1 ms",
                                  time_text(figures.bound), ratio_text(options.p99_ratio_thousandths),
                                  time_text(figures.baseline_p99));
  if (figures.judged_p99 > figures.bound) {
    return {Verdict::kFail, fmt::format("judged p99 {} is over {}", time_text(figures.judged_p99), bound)};
  }
  return {Verdict::kPass, fmt::format("judged p99 {} is within {}", time_text(figures.judged_p99), bound)};
}

Evidence read_evidence(const History& history, const ReadPair& read, const std::string& what) {
  Evidence e;
  e.t = read.sent_at;
  e.actor = std::string(history.str(read.request->actor));
  e.instance = read.response != nullptr ? read.response->instance : kNoInstance;
  e.request_id = read.request->request_id;
  e.detail = fmt::format("{} sent at {}: {}", history.str(read.request->endpoint), time_text(read.sent_at), what);
  return e;
}

std::vector<Evidence> error_evidence(const History& history, const ReadTally& tally, std::size_t limit) {
  std::vector<Evidence> shown;
  for (const JudgedError& error : tally.judged_errors) {
    if (shown.size() == limit) break;
    shown.push_back(read_evidence(history, *error.read, error.reason));
  }
  return shown;
}

// The judged reads over the bound, the slowest first. Returns how many there are in all.
std::size_t slow_evidence(const History& history, const ReadTally& tally, Micros bound, std::size_t limit,
                          std::vector<Evidence>& shown) {
  std::vector<const ReadPair*> slow;
  for (const ReadPair* read : tally.judged_timed) {
    if (read->latency() > bound) slow.push_back(read);
  }
  std::stable_sort(slow.begin(), slow.end(),
                   [](const ReadPair* a, const ReadPair* b) { return a->latency() > b->latency(); });

  for (std::size_t i = 0; i < slow.size() && i < limit; ++i) {
    std::string what = fmt::format("took {}, over the p99 bound {}", time_text(slow[i]->latency()), time_text(bound));
    shown.push_back(read_evidence(history, *slow[i], what));
  }
  return slow.size();
}

// The first judged errors when the budget fails and the slowest reads when
// the latency fails, half of the shown items each when both fail.
void add_evidence(CheckResult& result, const History& history, const ReadTally& tally, const PartOutcome& budget,
                  const PartOutcome& latency, const LatencyFigures& figures) {
  bool budget_failed = budget.verdict == Verdict::kFail;
  bool latency_failed = latency.verdict == Verdict::kFail;
  std::size_t limit = budget_failed && latency_failed ? CheckResult::kMaxEvidence / 2 : CheckResult::kMaxEvidence;

  std::vector<Evidence> shown;
  std::size_t total = 0;
  if (budget_failed) {
    shown = error_evidence(history, tally, limit);
    total += tally.judged_errors.size();
  }
  if (latency_failed) total += slow_evidence(history, tally, figures.bound, limit, shown);

  std::stable_sort(shown.begin(), shown.end(), [](const Evidence& a, const Evidence& b) { return a.t < b.t; });
  for (Evidence& e : shown) result.add_evidence(std::move(e));
  result.evidence_total = total;
}

std::string seconds_figure(Micros t) { return t < 0 ? std::string("none") : time_text(t); }

void add_figures(CheckResult& result, const ReadTally& tally, std::int64_t ppm, const LatencyFigures& figures) {
  ErrorCounts counts = error_counts(tally);
  result.add_figure("baseline_reads", counts.baseline_reads);
  result.add_figure("baseline_errors", counts.baseline_errors);
  result.add_figure("judged_reads", counts.judged_reads);
  result.add_figure("judged_errors", counts.judged_errors);
  result.add_figure("allowed_errors", allowed_errors(counts, ppm));
  result.add_figure("baseline_error_ppm", error_rate_ppm(counts.baseline_errors, counts.baseline_reads));
  result.add_figure("judged_error_ppm", error_rate_ppm(counts.judged_errors, counts.judged_reads));
  result.add_figure("baseline_latency_samples", static_cast<std::int64_t>(tally.baseline.latencies.size()));
  result.add_figure("judged_latency_samples", static_cast<std::int64_t>(tally.judged.latencies.size()));
  result.add_figure("baseline_p99_us", figures.baseline_p99);
  result.add_figure("judged_p99_us", figures.judged_p99);
  result.add_figure("p99_bound_us", figures.bound);
  result.add_figure("baseline_p99", seconds_figure(figures.baseline_p99));
  result.add_figure("judged_p99", seconds_figure(figures.judged_p99));
  result.add_figure("p99_bound", seconds_figure(figures.bound));
}

}  // namespace

std::string_view ReadsHealthyCheck::summary() const {
  return "reads in [S, E + soak) stay within the error budget and the p99 bound against the baseline";
}

std::string_view ReadsHealthyCheck::remedy() const {
  return "Keep reads served from healthy replicas during the window; add capacity for the retry herd at the end "
         "of the window; a read path must never write.";
}

std::vector<OptionSpec> ReadsHealthyCheck::options() const {
  using Type = OptionSpec::Type;
  return {
      OptionSpec{"warm_up", Type::kDuration, "5s",
                 "Time from the start of the run before reads count towards the baseline, as a duration.", false},
      OptionSpec{"error_budget", Type::kInteger, 1000,
                 "Judged error rate allowed above the baseline's, in parts per million of reads (1000 = 0.1%).",
                 false},
      OptionSpec{"p99_ratio", Type::kNumber, 1.5,
                 "Maximum judged p99 as a multiple of the baseline p99, applied in thousandths. The bound is "
                 "never below the baseline p99 plus 1 ms.",
                 false},
      OptionSpec{"min_samples", Type::kInteger, 100,
                 "Minimum successful reads on each side before p99 is compared, as an integer.", false},
  };
}

CheckResult ReadsHealthyCheck::run(const History& history, const CheckOptions& options) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  const ReadsHealthyOptions o = read_reads_healthy_options(options);
  const ReadSpans spans = read_spans(history, o.warm_up);
  const bool maintenance = history.header().mode == "maintenance";

  std::vector<ReadPair> reads = collect_client_reads(history);
  ReadTally tally;
  for (const ReadPair& read : reads) tally_read(history, read, spans, maintenance, tally);
  LatencyFigures figures = latency_figures(tally, o.p99_ratio_thousandths);
  add_figures(result, tally, o.error_budget_ppm, figures);
  if (reads.empty()) {
    result.verdict = Verdict::kNotApplicable;
    result.summary = "the history has no client read request, so there is nothing to judge";
    return result;
  }

  PartOutcome budget = judge_budget(error_counts(tally), o.error_budget_ppm, spans);
  PartOutcome latency = judge_latency(tally, o, maintenance, figures);
  add_evidence(result, history, tally, budget, latency, figures);
  result.verdict = worst(budget.verdict, latency.verdict);
  result.summary = fmt::format("error budget: {}; latency: {}", budget.text, latency.text);
  return result;
}

}  // namespace freezedrill
