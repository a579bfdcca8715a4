#ifndef FREEZEDRILL_FAKES_BANNER_BANNER_PIPELINE_H_
#define FREEZEDRILL_FAKES_BANNER_BANNER_PIPELINE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "fakes/banner/banner_cache.h"
#include "fakes/banner/banner_defects.h"
#include "fakes/banner/banner_origin.h"
#include "fakes/banner/status_page.h"
#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// The banner pipeline of the reference deployment: origin -> shared cache ->
// observers, and the status page. The runbook calls one method per step.
// Each publishes a banner version and purges the cache as the policy sets.
// A failed purge is retried every purge_retry until one succeeds, so a
// purge_failing span delays a change by at most that span plus purge_retry.
// Times are stated as ISO 8601 with the epoch's UTC offset, to the second.
class BannerPipeline {
 public:
  BannerPipeline(Runtime& runtime, const BannerSpec& policy, BannerDefects defects);

  // The announcement: banner and status post stating S and E.
  void announce(Micros start, Micros end);
  // At S: purge, so no cache still serves the state before the window.
  void window_started();
  // The window now ends at `new_end`: banner, status update, purge.
  void window_extended(Micros start, Micros new_end);
  // At E: the maintenance banner is taken down (a "removed" version that
  // still states the times) and the cache purged.
  void window_ended(Micros start, Micros end);
  // The closure notice: a closure banner and a closure status post.
  void post_closure(Micros start, Micros end);

  // An observer's poll, through the cache.
  BannerAnswer fetch() { return cache_.get(); }

  // The purge_failing fault: purges fail until `until`.
  void fail_purges_until(Micros until);

  // "2026-03-01T02:01:00+00:00" for virtual time t, or the inexact form of
  // the banner_times_inexact defect.
  std::string stated_time(Micros t) const;

 private:
  void publish(std::string_view banner_kind, std::string_view status_kind, Micros start, Micros end);
  void purge();
  void retry_purge(std::uint64_t attempt_of);

  Runtime& runtime_;
  const BannerSpec& policy_;
  BannerDefects defects_;
  BannerOrigin origin_;
  BannerCache cache_;
  StatusPage status_;
  // Each purge request gets a number; a retry gives up when a later request
  // has started its own chain of retries.
  std::uint64_t purge_requests_ = 0;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_BANNER_BANNER_PIPELINE_H_
