#ifndef FREEZEDRILL_SIM_CHECKS_IDEMPOTENCY_H_
#define FREEZEDRILL_SIM_CHECKS_IDEMPOTENCY_H_

#include "sim/checks/check.h"

namespace freezedrill {

// idempotency: the same key returns the same receipt (every receipt of a
// key, on responses, kept and replayed intents, is the first one, and once a
// key is kept every later 2xx, 423 or 503 answer to it carries that
// receipt); the same key with another body gets 409 and applies nothing
// (no protected mutation and no kept intent for that request; inside
// [S, E) a 423 or 503 without a receipt is accepted, because rule 1 of the
// window comes first). Not applicable when no key was sent twice, nothing
// was kept and no response carried a receipt.
class IdempotencyCheck : public Check {
 public:
  std::string_view name() const override { return "idempotency"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override { return {}; }
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_IDEMPOTENCY_H_
