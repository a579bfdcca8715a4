#include "sim/checks/backoff_bounded.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/checks/backoff_load.h"
#include "sim/checks/backoff_rules.h"
#include "sim/checks/operations.h"
#include "sim/checks/text.h"

namespace freezedrill {
namespace {

std::vector<RuleOutcome> judge_rules(const History& history, const std::vector<Operation>& operations,
                                     const BackoffOptions& options) {
  std::vector<RuleOutcome> rules;
  rules.push_back(judge_attempt_limit(history, operations, options));
  rules.push_back(judge_delays(history, operations, options));
  rules.push_back(judge_max_wait(history, operations, options));
  rules.push_back(judge_herd(history, operations, options));
  rules.push_back(judge_amplification(history, operations, options));
  rules.push_back(judge_retry_budget(history, operations, options));
  return rules;
}

std::int64_t count_attempts(const std::vector<Operation>& operations) {
  std::int64_t attempts = 0;
  for (const Operation& operation : operations) attempts += static_cast<std::int64_t>(operation.attempts.size());
  return attempts;
}

// The summaries of the rules whose verdict is `verdict`, joined.
std::string join_summaries(const std::vector<RuleOutcome>& rules, Verdict verdict) {
  std::vector<std::string> parts;
  for (const RuleOutcome& rule : rules) {
    if (rule.verdict == verdict) parts.push_back(rule.summary);
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string summarise(Verdict verdict, const std::vector<RuleOutcome>& rules, std::int64_t operations) {
  if (verdict == Verdict::kFail) {
    auto failed = std::count_if(rules.begin(), rules.end(),
                                [](const RuleOutcome& r) { return r.verdict == Verdict::kFail; });
    return fmt::format("{} of {} backoff rules failed: {}", failed, rules.size(),
                       join_summaries(rules, Verdict::kFail));
  }
  if (verdict == Verdict::kInconclusive) return join_summaries(rules, Verdict::kInconclusive);
  return fmt::format("{}: {}", count_text(operations, "client operation", "client operations"),
                     join_summaries(rules, Verdict::kPass));
}

}  // namespace

std::string_view BackoffBoundedCheck::summary() const {
  return "client retries are bounded: attempts, delays, give-ups, the herd after E, amplification and retry "
         "budget";
}

std::string_view BackoffBoundedCheck::remedy() const {
  return "Cap attempts (3 per request is the common default), add jitter, honour Retry-After with jitter on top "
         "(wait in [W, 1.5 W]), and give up when Retry-After exceeds the caller's own deadline, keeping the "
         "intent for replay.";
}

std::vector<OptionSpec> BackoffBoundedCheck::options() const {
  using Type = OptionSpec::Type;
  return {
      OptionSpec{"max_attempts", Type::kInteger, 6, "Maximum attempts per operation, the first one included.",
                 false},
      OptionSpec{"cap", Type::kDuration, "10s",
                 "Maximum delay from a response to the next attempt unless 1.5 x its Retry-After wait is longer, "
                 "as a duration (\"10s\").",
                 false},
      OptionSpec{"max_wait", Type::kDuration, nullptr,
                 "Longest Retry-After wait a client may honour, as a duration. After a longer one the operation "
                 "must give up within max_wait. null turns the rule off.",
                 true},
      OptionSpec{"amplification", Type::kNumber, 3,
                 "Maximum attempts per write operation first sent in the window, on average.", false},
      OptionSpec{"retry_budget", Type::kNumber, nullptr,
                 "Maximum retries per client as a fraction of its requests over the run (0.10 for 10%). null "
                 "turns the rule off.",
                 true},
      OptionSpec{"herd_span", Type::kDuration, nullptr,
                 "Span after E in which the herd's 1-second windows start, as a duration. null means cap + 1.5 x "
                 "the largest Retry-After wait seen.",
                 true, "cap + 1.5 x the largest Retry-After wait seen"},
      OptionSpec{"herd_factor", Type::kNumber, 3,
                 "Multiple of the baseline write rate allowed in any 1-second window after E.", false},
      OptionSpec{"herd_margin", Type::kNumber, 10,
                 "Write attempts per second allowed above the baseline write rate in any 1-second window after E.",
                 false},
  };
}

CheckResult BackoffBoundedCheck::run(const History& history, const CheckOptions& options) const {
  CheckResult result;
  result.check = std::string(name());
  result.remedy = std::string(remedy());
  std::vector<Operation> operations = collect_operations(history);
  std::vector<RuleOutcome> rules = judge_rules(history, operations, read_backoff_options(options));

  result.add_figure("operations", static_cast<std::int64_t>(operations.size()));
  result.add_figure("attempts", count_attempts(operations));
  std::vector<Evidence> offences;
  for (RuleOutcome& rule : rules) {
    for (Figure& f : rule.figures) result.figures.push_back(std::move(f));
    for (Evidence& e : rule.offences) offences.push_back(std::move(e));
  }
  std::stable_sort(offences.begin(), offences.end(), [](const Evidence& a, const Evidence& b) { return a.t < b.t; });
  for (Evidence& e : offences) result.add_evidence(std::move(e));

  if (operations.empty()) {
    result.verdict = Verdict::kNotApplicable;
    result.summary = "the history has no client request, so there is no backoff to judge";
    return result;
  }
  result.verdict = Verdict::kNotApplicable;
  for (const RuleOutcome& rule : rules) result.verdict = worst(result.verdict, rule.verdict);
  result.summary = summarise(result.verdict, rules, static_cast<std::int64_t>(operations.size()));
  return result;
}

}  // namespace freezedrill
