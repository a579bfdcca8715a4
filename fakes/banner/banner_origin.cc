#include "fakes/banner/banner_origin.h"

#include <fmt/format.h>

namespace freezedrill {

std::string banner_cache_control(const BannerSpec& policy) {
  std::string value = fmt::format("public, max-age={}", policy.max_age / kMicrosPerSecond);
  if (policy.s_maxage) value += fmt::format(", s-maxage={}", *policy.s_maxage / kMicrosPerSecond);
  if (policy.stale_while_revalidate > 0) {
    value += fmt::format(", stale-while-revalidate={}", policy.stale_while_revalidate / kMicrosPerSecond);
  }
  return value;
}

BannerOrigin::BannerOrigin(Runtime& runtime, const BannerSpec& policy)
    : runtime_(runtime), policy_(policy), cache_control_(banner_cache_control(policy)) {}

std::uint32_t BannerOrigin::publish(std::string_view kind, std::string_view stated_start,
                                    std::string_view stated_end) {
  History& history = runtime_.history();
  ++version_;
  runtime_.record(ev::BannerPublished{version_, history.intern(kind), history.intern(stated_start),
                                      history.intern(stated_end), history.intern(policy_.contact),
                                      history.intern(policy_.rollback)});
  return version_;
}

}  // namespace freezedrill
