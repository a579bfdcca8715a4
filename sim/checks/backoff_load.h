#ifndef FREEZEDRILL_SIM_CHECKS_BACKOFF_LOAD_H_
#define FREEZEDRILL_SIM_CHECKS_BACKOFF_LOAD_H_

#include <vector>

#include "sim/checks/backoff_rules.h"

namespace freezedrill {

// The load rules of backoff_bounded: what the clients' retries add up to
// across operations. Internal to sim/checks.

// Rule 4, the herd: the most write attempts in any [t, t + 1 s) with t in
// [E, E + herd_span] is at most max(herd_factor x b, b + herd_margin), b
// being the write attempts per second over the baseline span
// [0, S - announce_lead).
RuleOutcome judge_herd(const History& history, const std::vector<Operation>& operations,
                       const BackoffOptions& options);

// Rule 5: over the write operations first sent in [S, E), attempts divided
// by operations is at most amplification.
RuleOutcome judge_amplification(const History& history, const std::vector<Operation>& operations,
                                const BackoffOptions& options);

// Rule 6, with retry_budget set: per actor over the run, retries (attempts
// after the first of each operation) are at most retry_budget x requests
// (every attempt).
RuleOutcome judge_retry_budget(const History& history, const std::vector<Operation>& operations,
                               const BackoffOptions& options);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_BACKOFF_LOAD_H_
