#ifndef FREEZEDRILL_SIM_CHECKS_BACKOFF_RULES_H_
#define FREEZEDRILL_SIM_CHECKS_BACKOFF_RULES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/checks/check.h"
#include "sim/checks/operations.h"

namespace freezedrill {

// The rules of backoff_bounded, apart from the check that combines them.
// Internal to sim/checks. The limits come from the check's options, never
// from the retry configuration the clients declare in the header.

struct BackoffOptions {
  std::int64_t max_attempts = 0;
  Micros cap = 0;
  std::optional<Micros> max_wait;  // nullopt: rule off
  std::int64_t amplification = 0;  // thousandths
  std::optional<std::int64_t> retry_budget;  // thousandths; nullopt: rule off
  std::optional<Micros> herd_span;  // nullopt: cap + 1.5 x the largest Retry-After wait
  std::int64_t herd_factor = 0;     // thousandths
  std::int64_t herd_margin = 0;     // thousandths of an attempt per second
};

BackoffOptions read_backoff_options(const CheckOptions& options);

// The verdict of one rule, with its figures, a one-line summary and the
// offending events.
struct RuleOutcome {
  Verdict verdict = Verdict::kNotApplicable;
  std::string summary;
  std::vector<Figure> figures;
  std::vector<Evidence> offences;
};

// Evidence naming one attempt: its send time, actor, the instance that
// answered it (-1 without a response) and its request id.
Evidence attempt_evidence(const History& history, const Operation& operation, const Attempt& attempt,
                          std::string detail);

// The wait an answered attempt's Retry-After requests: its deadline less
// the receive time, 0 when the response sets no deadline. An HTTP-date
// without a Date header is taken at face value here, because a skew
// tolerance excuses early attempts and would only tighten an upper bound.
Micros requested_wait(const History& history, const Attempt& attempt);

// Rule 1: no operation makes more than max_attempts attempts.
RuleOutcome judge_attempt_limit(const History& history, const std::vector<Operation>& operations,
                                const BackoffOptions& options);

// Rule 2: each delay from a response to the next attempt of its operation
// is at most max(cap, 1.5 W), W being the wait the response's Retry-After
// requests (0 without one).
RuleOutcome judge_delays(const History& history, const std::vector<Operation>& operations,
                         const BackoffOptions& options);

// Rule 3, with max_wait set: after a response requesting a wait longer than
// max_wait, the operation gives up within max_wait and sends nothing more.
RuleOutcome judge_max_wait(const History& history, const std::vector<Operation>& operations,
                           const BackoffOptions& options);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_BACKOFF_RULES_H_
