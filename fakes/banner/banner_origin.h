#ifndef FREEZEDRILL_FAKES_BANNER_BANNER_ORIGIN_H_
#define FREEZEDRILL_FAKES_BANNER_BANNER_ORIGIN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/runtime/runtime.h"
#include "sim/scenario/model.h"

namespace freezedrill {

// The banner origin: the service's own copy of the maintenance banner. Each
// publish makes a new version (1, 2, ...; 0 is the empty banner served before
// the first publish) and records banner_published. Every response carries the
// Cache-Control of the deployment's banner policy.
class BannerOrigin {
 public:
  BannerOrigin(Runtime& runtime, const BannerSpec& policy);

  // REQUIRES: stated_start and stated_end are the texts the banner shows.
  std::uint32_t publish(std::string_view kind, std::string_view stated_start, std::string_view stated_end);

  std::uint32_t version() const { return version_; }
  const std::string& cache_control() const { return cache_control_; }

  // Replaces the Cache-Control the origin sends (the maintenance_page_cached
  // defect serves the banner route with a day-long lifetime).
  void set_cache_control(std::string value) { cache_control_ = std::move(value); }

 private:
  Runtime& runtime_;
  const BannerSpec& policy_;
  std::string cache_control_;
  std::uint32_t version_ = 0;
};

// "public, max-age=0, s-maxage=300" from the policy; stale-while-revalidate
// only when it is above zero.
std::string banner_cache_control(const BannerSpec& policy);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_BANNER_BANNER_ORIGIN_H_
