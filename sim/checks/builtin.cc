#include <memory>

#include "sim/checks/backoff_bounded.h"
#include "sim/checks/banner.h"
#include "sim/checks/check.h"
#include "sim/checks/drains.h"
#include "sim/checks/end_sequence.h"
#include "sim/checks/idempotency.h"
#include "sim/checks/no_write_leak.h"
#include "sim/checks/queue_replay.h"
#include "sim/checks/read_drift.h"
#include "sim/checks/reads_healthy.h"
#include "sim/checks/retry_after_respected.h"
#include "sim/checks/write_status.h"

namespace freezedrill {
namespace {

CheckRegistry make_builtin_checks() {
  CheckRegistry registry;
  // Registration order is report order.
  registry.add(std::make_unique<NoWriteLeakCheck>());
  registry.add(std::make_unique<WriteStatusCheck>());
  registry.add(std::make_unique<RetryAfterRespectedCheck>());
  registry.add(std::make_unique<BackoffBoundedCheck>());
  // Background work and reads come after the write and client checks.
  registry.add(std::make_unique<DrainsCheck>());
  registry.add(std::make_unique<ReadsHealthyCheck>());
  registry.add(std::make_unique<ReadDriftCheck>());
  // The end of the window: the intent queue, its keys and the runbook order.
  registry.add(std::make_unique<QueueReplayCheck>());
  registry.add(std::make_unique<IdempotencyCheck>());
  registry.add(std::make_unique<EndSequenceCheck>());
  registry.add(std::make_unique<BannerCheck>());
  return registry;
}

}  // namespace

const CheckRegistry& builtin_checks() {
  static const CheckRegistry registry = make_builtin_checks();
  return registry;
}

}  // namespace freezedrill
