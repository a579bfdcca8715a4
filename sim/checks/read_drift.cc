#include "sim/checks/read_drift.h"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "sim/checks/read_drift_rules.h"
#include "sim/checks/text.h"
#include "sim/checks/window.h"
#include "sim/core/embedding.h"

namespace freezedrill {
namespace {

struct AnswerEmbedding {
  Micros t = 0;
  std::vector<float> vector;
};

struct DriftSample {
  Micros t = 0;
  std::int64_t delta_s = 0;  // millionths
};

// The successful answers of one probe, split at S, and what is measured on them.
struct ProbeSeries {
  StrId probe = kNoStr;
  std::vector<AnswerEmbedding> baseline;
  std::vector<AnswerEmbedding> window_answers;

  std::int64_t noise_floor = 0;
  std::vector<DriftSample> window;  // Delta S of each window answer against the reference

  bool judged() const { return !baseline.empty() && !window.empty(); }
};

struct ProbeAnswers {
  std::vector<ProbeSeries> probes;  // in order of each probe's first answer
  std::int64_t answered = 0;        // every probe_answered event
  std::int64_t failed = 0;          // answers with ok unset, skipped
};

// One offending window answer, shown as evidence.
struct Finding {
  Micros t = 0;
  StrId probe = kNoStr;
  std::string detail;
};

struct LambdaTally {
  std::int64_t convergent = 0;
  std::int64_t recursive = 0;
  std::int64_t divergent = 0;
  std::int64_t chaotic = 0;
  std::int64_t longest_divergent_run = 0;
  std::int64_t failed_runs = 0;  // runs that reached max_divergent
};

struct ZoneTally {
  std::int64_t stable = 0;
  std::int64_t transitional = 0;
  std::int64_t risk = 0;
  std::int64_t danger = 0;
  std::int64_t max_delta_s = -1;  // -1 without a window sample
};

// The recorded embedding, or one computed from the normalised answer with
// the header's parameters when the event carries none (index 0).
std::vector<float> answer_embedding(const History& history, const ev::ProbeAnswered& answered) {
  if (answered.embedding != 0 && answered.embedding < history.embedding_count()) {
    return history.embedding(answered.embedding);
  }
  const HistoryHeader& header = history.header();
  return embed_text(history.str(answered.answer), EmbeddingParams{header.embedding_ngram, header.embedding_buckets});
}

ProbeAnswers collect_answers(const History& history, Micros start, Micros end) {
  ProbeAnswers answers;
  std::map<StrId, std::size_t> index_of;
  for (const Event& e : history.events()) {
    const auto* answered = std::get_if<ev::ProbeAnswered>(&e.body);
    if (answered == nullptr) continue;
    ++answers.answered;

    auto [it, inserted] = index_of.try_emplace(answered->probe, answers.probes.size());
    if (inserted) answers.probes.push_back(ProbeSeries{answered->probe, {}, {}, 0, {}});
    if (!answered->ok) {
      ++answers.failed;
      continue;
    }
    ProbeSeries& series = answers.probes[it->second];
    if (e.t < start) series.baseline.push_back(AnswerEmbedding{e.t, answer_embedding(history, *answered)});
    if (e.t >= start && e.t < end) series.window_answers.push_back(AnswerEmbedding{e.t, answer_embedding(history, *answered)});
  }
  return answers;
}

// The reference is the last baseline answer. The noise floor is the largest
// Delta S of the baseline answers against it.
void measure(ProbeSeries& series) {
  if (series.baseline.empty()) return;
  const std::vector<float>& reference = series.baseline.back().vector;
  for (const AnswerEmbedding& answer : series.baseline) {
    series.noise_floor = std::max(series.noise_floor, to_millionths(delta_s(answer.vector, reference)));
  }
  for (const AnswerEmbedding& answer : series.window_answers) {
    series.window.push_back(DriftSample{answer.t, to_millionths(delta_s(answer.vector, reference))});
  }
}

// Returns the largest rise over the noise floor, or 0 without window samples.
std::int64_t judge_rise(const ProbeSeries& series, const ReadDriftOptions& o, std::vector<Finding>& findings) {
  std::int64_t largest = 0;
  for (const DriftSample& sample : series.window) {
    std::int64_t rise = sample.delta_s - series.noise_floor;
    largest = std::max(largest, rise);
    if (!rise_exceeds(sample.delta_s, series.noise_floor, o.max_rise)) continue;
    findings.push_back(Finding{sample.t, series.probe,
                               fmt::format("Delta S {} rises {} above the noise floor {}, more than max_rise {}",
                                           millionths_text(sample.delta_s), millionths_text(rise),
                                           millionths_text(series.noise_floor), millionths_text(o.max_rise))});
  }
  return largest;
}

void count_lambda(Lambda lambda, LambdaTally& tally) {
  switch (lambda) {
    case Lambda::kConvergent: ++tally.convergent; break;
    case Lambda::kRecursive: ++tally.recursive; break;
    case Lambda::kDivergent: ++tally.divergent; break;
    case Lambda::kChaotic: ++tally.chaotic; break;
  }
}

// Classifies every window step of one probe. The first window sample has no lambda.
void judge_lambda(const ProbeSeries& series, const ReadDriftOptions& o, LambdaTally& tally,
                  std::vector<Finding>& findings) {
  std::vector<std::int64_t> values;
  for (const DriftSample& sample : series.window) values.push_back(sample.delta_s);

  std::int64_t run = 0;
  for (std::size_t t = 1; t < values.size(); ++t) {
    std::int64_t delta = values[t] - values[t - 1];
    Lambda lambda = classify_lambda(delta, resonance_at(values, t), resonance_at(values, t - 1));
    count_lambda(lambda, tally);
    run = lambda == Lambda::kDivergent ? run + 1 : 0;
    tally.longest_divergent_run = std::max(tally.longest_divergent_run, run);

    if (lambda == Lambda::kChaotic) {
      findings.push_back(Finding{series.window[t].t, series.probe,
                                 fmt::format("chaotic step: Delta S went from {} to {}, a rise of {} above +0.040000",
                                             millionths_text(values[t - 1]), millionths_text(values[t]),
                                             millionths_text(delta))});
    }
    if (run == o.max_divergent) {
      ++tally.failed_runs;
      findings.push_back(Finding{series.window[t].t, series.probe,
                                 fmt::format("{} divergent steps in a row (max_divergent {}), Delta S now {}", run,
                                             o.max_divergent, millionths_text(values[t]))});
    }
  }
}

void count_zone(std::int64_t delta_s, ZoneTally& tally) {
  switch (zone_of(delta_s)) {
    case Zone::kStable: ++tally.stable; break;
    case Zone::kTransitional: ++tally.transitional; break;
    case Zone::kRisk: ++tally.risk; break;
    case Zone::kDanger: ++tally.danger; break;
  }
  tally.max_delta_s = std::max(tally.max_delta_s, delta_s);
}

// Batches of `batch` from S over the window samples of every judged probe.
std::vector<BatchMean> batch_means(const std::vector<ProbeSeries>& probes, Micros start, Micros batch) {
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> sums;  // index -> (sum, count)
  for (const ProbeSeries& series : probes) {
    if (!series.judged()) continue;
    for (const DriftSample& sample : series.window) {
      auto& [sum, count] = sums[(sample.t - start) / batch];
      sum += sample.delta_s;
      ++count;
    }
  }
  std::vector<BatchMean> means;
  for (const auto& [index, sum_count] : sums) {
    means.push_back(BatchMean{index, mean_millionths(sum_count.first, sum_count.second)});
  }
  return means;
}

}  // namespace

namespace {

// Everything measured over all probes, for the verdict, summary and figures.
struct DriftTally {
  std::int64_t judged_probes = 0;
  std::int64_t baseline_samples = 0;
  std::int64_t window_samples = 0;
  std::int64_t max_noise_floor = 0;
  std::int64_t max_rise = 0;
  std::int64_t rise_failures = 0;  // window answers more than max_rise above their noise floor
  LambdaTally lambda;
  ZoneTally zones;
  Slope slope;
  std::int64_t batches = 0;
  std::vector<std::string> unjudged;  // why each probe that is not judged is not
  std::vector<Finding> findings;      // offending window answers, in time order
};

void tally_probe(const History& history, const ProbeSeries& series, const ReadDriftOptions& o, DriftTally& tally) {
  tally.baseline_samples += static_cast<std::int64_t>(series.baseline.size());
  std::string probe(history.str(series.probe));
  if (series.baseline.empty()) {
    tally.unjudged.push_back(fmt::format("probe {} has no successful answer before S", probe));
    return;
  }
  if (series.window.empty()) {
    tally.unjudged.push_back(fmt::format("probe {} has no successful answer in the window", probe));
    return;
  }

  ++tally.judged_probes;
  tally.window_samples += static_cast<std::int64_t>(series.window.size());
  tally.max_noise_floor = std::max(tally.max_noise_floor, series.noise_floor);
  std::size_t findings_before = tally.findings.size();
  tally.max_rise = std::max(tally.max_rise, judge_rise(series, o, tally.findings));
  tally.rise_failures += static_cast<std::int64_t>(tally.findings.size() - findings_before);
  judge_lambda(series, o, tally.lambda, tally.findings);
  for (const DriftSample& sample : series.window) count_zone(sample.delta_s, tally.zones);
}

DriftTally tally_drift(const History& history, ProbeAnswers& answers, const ReadDriftOptions& o, Micros start) {
  DriftTally tally;
  for (ProbeSeries& series : answers.probes) {
    measure(series);
    tally_probe(history, series, o, tally);
  }
  std::vector<BatchMean> means = batch_means(answers.probes, start, o.batch);
  tally.batches = static_cast<std::int64_t>(means.size());
  tally.slope = least_squares_slope(means);
  std::stable_sort(tally.findings.begin(), tally.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.t < b.t; });
  return tally;
}

std::string rise_text(const DriftTally& tally, const ReadDriftOptions& o) {
  std::int64_t over = tally.rise_failures;
  if (over > 0) {
    return fmt::format("{} rose more than max_rise {} above the noise floor (largest rise {})",
                       count_text(over, "window answer", "window answers"), millionths_text(o.max_rise),
                       millionths_text(tally.max_rise));
  }
  return fmt::format("largest rise {} above the noise floor is within max_rise {}", millionths_text(tally.max_rise),
                     millionths_text(o.max_rise));
}

std::string slope_text(const DriftTally& tally, const ReadDriftOptions& o) {
  if (!tally.slope.defined()) {
    return fmt::format("slope not judged, because it needs two batches with samples and {} had some", tally.batches);
  }
  std::string slope = fmt::format("slope of the batch means {} per batch over {} batches",
                                  millionths_text(slope_millionths(tally.slope)), tally.batches);
  if (slope_exceeds(tally.slope, o.max_slope)) return fmt::format("{} is above max_slope {}", slope, millionths_text(o.max_slope));
  return fmt::format("{} is within max_slope {}", slope, millionths_text(o.max_slope));
}

std::string lambda_text(const DriftTally& tally, const ReadDriftOptions& o) {
  const LambdaTally& l = tally.lambda;
  std::string steps = fmt::format("lambda over {}: {} convergent, {} recursive, {} divergent, {} chaotic",
                                  count_text(l.convergent + l.recursive + l.divergent + l.chaotic, "step", "steps"),
                                  l.convergent, l.recursive, l.divergent, l.chaotic);
  return fmt::format("{}, longest divergent run {} (max_divergent {})", steps, l.longest_divergent_run,
                     o.max_divergent);
}

bool drift_failed(const DriftTally& tally, const ReadDriftOptions& o) {
  return !tally.findings.empty() || slope_exceeds(tally.slope, o.max_slope);
}

std::string zone_figure(const ZoneTally& zones) {
  return zones.max_delta_s < 0 ? std::string("none") : std::string(zone_name(zone_of(zones.max_delta_s)));
}

void add_figures(CheckResult& result, const ProbeAnswers& answers, const DriftTally& tally) {
  result.add_figure("probes", static_cast<std::int64_t>(answers.probes.size()));
  result.add_figure("judged_probes", tally.judged_probes);
  result.add_figure("answers", answers.answered);
  result.add_figure("failed_answers", answers.failed);
  result.add_figure("baseline_samples", tally.baseline_samples);
  result.add_figure("window_samples", tally.window_samples);
  result.add_figure("max_noise_floor", millionths_text(tally.max_noise_floor));
  result.add_figure("max_rise", millionths_text(tally.max_rise));
  result.add_figure("batches", tally.batches);
  result.add_figure("slope", tally.slope.defined() ? millionths_text(slope_millionths(tally.slope)) : "none");
  result.add_figure("lambda_convergent", tally.lambda.convergent);
  result.add_figure("lambda_recursive", tally.lambda.recursive);
  result.add_figure("lambda_divergent", tally.lambda.divergent);
  result.add_figure("lambda_chaotic", tally.lambda.chaotic);
  result.add_figure("longest_divergent_run", tally.lambda.longest_divergent_run);
  result.add_figure("max_delta_s", tally.zones.max_delta_s < 0 ? "none" : millionths_text(tally.zones.max_delta_s));
  result.add_figure("max_zone", zone_figure(tally.zones));
  result.add_figure("zone_stable", tally.zones.stable);
  result.add_figure("zone_transitional", tally.zones.transitional);
  result.add_figure("zone_risk", tally.zones.risk);
  result.add_figure("zone_danger", tally.zones.danger);
}

void add_evidence(CheckResult& result, const History& history, const DriftTally& tally) {
  for (const Finding& f : tally.findings) {
    Evidence e;
    e.t = f.t;
    e.actor = std::string(history.str(f.probe));
    e.detail = fmt::format("answer at {}: {}", time_text(f.t), f.detail);
    result.add_evidence(std::move(e));
  }
}

Verdict drift_verdict(const DriftTally& tally, const ReadDriftOptions& o) {
  if (drift_failed(tally, o)) return Verdict::kFail;
  if (!tally.unjudged.empty() || tally.judged_probes == 0) return Verdict::kInconclusive;
  return Verdict::kPass;
}

std::string drift_summary(const DriftTally& tally, const ReadDriftOptions& o) {
  std::vector<std::string> parts = tally.unjudged;
  if (tally.judged_probes > 0) {
    parts.push_back(fmt::format("{} judged with {}", count_text(tally.judged_probes, "probe", "probes"),
                                count_text(tally.window_samples, "window answer", "window answers")));
    parts.push_back(rise_text(tally, o));
    parts.push_back(slope_text(tally, o));
    parts.push_back(lambda_text(tally, o));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

std::string_view ReadDriftCheck::summary() const {
  return "probe answers in [S, E) stay flat against the baseline, without chaotic or runaway divergent lambda steps";
}

std::string_view ReadDriftCheck::remedy() const {
  return "Serve reads in the window from the same index and model as before S; if answers drift, extend the window "
         "and announce the new end on the banner, the status post and in Retry-After.";
}

std::vector<OptionSpec> ReadDriftCheck::options() const {
  using Type = OptionSpec::Type;
  return {
      OptionSpec{"max_rise", Type::kNumber, 0.05,
                 "Largest Delta S a window answer may reach above its probe's noise floor, applied in millionths.",
                 false},
      OptionSpec{"max_slope", Type::kNumber, 0.02,
                 "Largest least-squares slope of the window's batch means, in Delta S per batch, applied in "
                 "millionths.",
                 false},
      OptionSpec{"max_divergent", Type::kInteger, 3,
                 "Divergent lambda steps in a row that fail the check, as an integer.", false},
      OptionSpec{"batch", Type::kDuration, "10s",
                 "Length of the batches from S whose mean Delta S the slope is fitted to, as a duration.", false},
  };
}

CheckResult ReadDriftCheck::run(const History& history, const CheckOptions& options) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  const ReadDriftOptions o = read_read_drift_options(options);
  const Micros start = history.header().start;
  const Micros end = WindowEnds(history).final_end();

  ProbeAnswers answers = collect_answers(history, start, end);
  DriftTally tally = tally_drift(history, answers, o, start);
  add_figures(result, answers, tally);
  if (answers.answered == 0) {
    result.verdict = Verdict::kNotApplicable;
    result.summary = "the history has no probe_answered event, so there is nothing to judge";
    return result;
  }

  add_evidence(result, history, tally);
  result.verdict = drift_verdict(tally, o);
  result.summary = drift_summary(tally, o);
  return result;
}

}  // namespace freezedrill
