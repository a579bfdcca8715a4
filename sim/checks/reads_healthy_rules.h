#ifndef FREEZEDRILL_SIM_CHECKS_READS_HEALTHY_RULES_H_
#define FREEZEDRILL_SIM_CHECKS_READS_HEALTHY_RULES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/checks/check.h"
#include "sim/checks/read_pairs.h"
#include "sim/checks/window.h"

namespace freezedrill {

// The rules of reads_healthy, apart from the check that combines them:
// spans, what counts as an error, the error budget and the p99 bound, all in
// integers. Internal to sim/checks.

struct ReadsHealthyOptions {
  Micros warm_up = 0;
  std::int64_t error_budget_ppm = 0;
  std::int64_t p99_ratio_thousandths = 0;  // round(p99_ratio * 1000)
  std::int64_t min_samples = 0;
};

ReadsHealthyOptions read_reads_healthy_options(const CheckOptions& options);

enum class ReadSpan { kOutside, kBaseline, kJudged };

// The spans reads are assigned to by send time: baseline is
// [warm_up, S - announce_lead) and judged is [S, E + soak), E being the final
// end. The herd of retries after E falls in the judged span.
struct ReadSpans {
  FenceWindow baseline;
  FenceWindow judged;
  FenceWindow window;  // [S, E), where maintenance mode refuses reads

  ReadSpan span_of(Micros sent_at) const;
};

ReadSpans read_spans(const History& history, Micros warm_up);

// Returns why a read counts as an error, or nullopt for a successful read.
// Errors are a missing response, a transport failure (status 0), a 5xx, a 423
// and a 429. With refusal_expected (maintenance mode, sent in [S, E)) every
// read is an error unless it got a 503 with a valid Retry-After.
std::optional<std::string> read_error(const History& history, const ReadPair& read, bool refusal_expected);

// Reads and errors in the two spans.
struct ErrorCounts {
  std::int64_t baseline_reads = 0;
  std::int64_t baseline_errors = 0;
  std::int64_t judged_reads = 0;
  std::int64_t judged_errors = 0;
};

// True when e_b * 10^6 > ppm * n_b: the baseline already exceeds the budget.
bool baseline_over_budget(const ErrorCounts& counts, std::int64_t ppm);

// True when e_w * n_b * 10^6 > e_b * n_w * 10^6 + ppm * n_b * n_w, that is the
// judged error rate exceeds the baseline's by more than ppm parts per million.
// REQUIRES: counts.baseline_reads > 0.
bool budget_exceeded(const ErrorCounts& counts, std::int64_t ppm);

// The most judged errors that still pass: floor((e_b * n_w * 10^6 +
// ppm * n_b * n_w) / (n_b * 10^6)), or floor(ppm * n_w / 10^6) without
// baseline reads.
std::int64_t allowed_errors(const ErrorCounts& counts, std::int64_t ppm);

// floor(errors * 10^6 / reads), 0 without reads.
std::int64_t error_rate_ppm(std::int64_t errors, std::int64_t reads);

// The 99th percentile by the nearest-rank definition: the value at rank
// ceil(0.99 * n) of the sorted list, counting from 1. REQUIRES: non-empty.
Micros nearest_rank_p99(std::vector<Micros> latencies);

// The largest judged p99 that passes: max(ratio * p99_b, p99_b + 1 ms) with
// the ratio in thousandths, rounded down to the microsecond. A judged p99 is
// an integer, so p99_w * 1000 > ratio * p99_b exactly when p99_w exceeds the
// rounded-down product.
Micros p99_bound(Micros baseline_p99, std::int64_t ratio_thousandths);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_READS_HEALTHY_RULES_H_
