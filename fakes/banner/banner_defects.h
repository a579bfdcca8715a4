#ifndef FREEZEDRILL_FAKES_BANNER_BANNER_DEFECTS_H_
#define FREEZEDRILL_FAKES_BANNER_BANNER_DEFECTS_H_

namespace freezedrill {

// The banner defects of the reference deployment.
struct BannerDefects {
  bool not_purged = false;               // banner_not_purged: the runbook never purges the cache
  bool times_inexact = false;            // banner_times_inexact: times to the minute, without an offset
  bool closure_missing = false;          // closure_notice_missing: no closure banner or post
  bool extension_silent = false;         // extension_not_announced: an extension changes nothing users see
  bool maintenance_page_cached = false;  // maintenance_page_cached: the route is cached a day, never purged
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_BANNER_BANNER_DEFECTS_H_
