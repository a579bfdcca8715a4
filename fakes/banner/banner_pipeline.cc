#include "fakes/banner/banner_pipeline.h"

#include <fmt/format.h>

#include "sim/core/calendar.h"

namespace freezedrill {
namespace {

// The Cache-Control of a maintenance page cached for a day, as a gateway
// serves it when the banner route is configured like a static page.
constexpr std::string_view kDayLongCacheControl = "public, max-age=86400";

}  // namespace

BannerPipeline::BannerPipeline(Runtime& runtime, const BannerSpec& policy, BannerDefects defects)
    : runtime_(runtime), policy_(policy), defects_(defects), origin_(runtime, policy), cache_(runtime, origin_),
      status_(runtime) {
  if (defects_.maintenance_page_cached) origin_.set_cache_control(std::string(kDayLongCacheControl));
}

void BannerPipeline::announce(Micros start, Micros end) { publish("announce", "announce", start, end); }

void BannerPipeline::window_started() { purge(); }

void BannerPipeline::window_extended(Micros start, Micros new_end) {
  if (defects_.extension_silent) return;
  publish("extension", "update", start, new_end);
}

void BannerPipeline::window_ended(Micros start, Micros end) { publish("removed", "", start, end); }

void BannerPipeline::post_closure(Micros start, Micros end) {
  if (defects_.closure_missing) return;
  publish("closure", "closure", start, end);
}

void BannerPipeline::fail_purges_until(Micros until) { cache_.fail_purges_until(until); }

std::string BannerPipeline::stated_time(Micros t) const {
  // Window times are never negative, so division rounds down.
  std::int64_t unix_seconds = runtime_.epoch_unix() + t / kMicrosPerSecond;
  if (!defects_.times_inexact) return format_rfc3339_at_offset(unix_seconds, policy_.utc_offset_minutes);

  // Local wall-clock time to the minute, with no offset: readers in other
  // time zones cannot tell the instant, and the seconds are lost.
  CivilTime c = civil_from_unix(unix_seconds + static_cast<std::int64_t>(policy_.utc_offset_minutes) * 60);
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}", c.year, c.month, c.day, c.hour, c.minute);
}

// An empty status kind publishes the banner alone.
void BannerPipeline::publish(std::string_view banner_kind, std::string_view status_kind, Micros start,
                             Micros end) {
  std::string stated_start = stated_time(start);
  std::string stated_end = stated_time(end);
  origin_.publish(banner_kind, stated_start, stated_end);
  if (!status_kind.empty()) status_.post(status_kind, stated_start, stated_end);
  purge();
}

void BannerPipeline::purge() {
  if (policy_.purge == "none" || defects_.not_purged || defects_.maintenance_page_cached) return;
  std::uint64_t request = ++purge_requests_;
  if (!cache_.purge(policy_.purge)) retry_purge(request);
}

// A purge that failed is retried until one succeeds. A later purge request
// supersedes the retries of an earlier one, because it purges the same URL.
void BannerPipeline::retry_purge(std::uint64_t attempt_of) {
  runtime_.schedule_at(runtime_.now() + policy_.purge_retry, Runtime::Lane::kControl, [this, attempt_of] {
    if (attempt_of != purge_requests_) return;
    if (!cache_.purge(policy_.purge)) retry_purge(attempt_of);
  });
}

}  // namespace freezedrill
