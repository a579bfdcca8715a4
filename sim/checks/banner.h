#ifndef FREEZEDRILL_SIM_CHECKS_BANNER_H_
#define FREEZEDRILL_SIM_CHECKS_BANNER_H_

#include "sim/checks/check.h"

namespace freezedrill {

// banner: users learn the exact times before and after the window, and no
// observer sees a stale banner for longer than max_stale.
//  - announcement: a banner and an "announce" status post published at or
//    before S - announce_lead, stating S and the end in force exactly to the
//    second as ISO 8601 with a UTC offset; the banner states a contact and a
//    rollback plan;
//  - every banner and status post states S and the end in force when it was
//    published, so after a window_extended event the stated end is the new E;
//  - each extension is announced by a banner and an "update" status post
//    stating the new end, at or after the extension and before the end it
//    replaced;
//  - closure: a "closure" banner and a "closure" status post at or after the
//    final E (their timing is end_sequence's); a run that ends before every
//    instance has seen the flag off, or before that moment plus the soak, is
//    inconclusive on this rule;
//  - for each banner version published at origin time T, every observer's
//    first poll at or after T that shows that version or a later one is at
//    or before T + max_stale; an observer without such a poll fails if it
//    polled at or after T + max_stale, else is inconclusive. Not applicable
//    without banner_observed events.
class BannerCheck : public Check {
 public:
  std::string_view name() const override { return "banner"; }
  std::string_view summary() const override;
  std::string_view remedy() const override;
  std::vector<OptionSpec> options() const override;
  CheckResult run(const History& history, const CheckOptions& options) const override;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_BANNER_H_
