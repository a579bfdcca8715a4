#ifndef FREEZEDRILL_FAKES_BANNER_STATUS_PAGE_H_
#define FREEZEDRILL_FAKES_BANNER_STATUS_PAGE_H_

#include <string_view>

#include "sim/runtime/runtime.h"

namespace freezedrill {

// The status page: every post is recorded as status_posted with the times
// it states. Posts are not cached, so readers see them at once.
class StatusPage {
 public:
  explicit StatusPage(Runtime& runtime) : runtime_(runtime) {}

  // `kind` is "announce", "update" or "closure".
  void post(std::string_view kind, std::string_view stated_start, std::string_view stated_end);

 private:
  Runtime& runtime_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_BANNER_STATUS_PAGE_H_
