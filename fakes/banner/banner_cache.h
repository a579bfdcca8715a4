#ifndef FREEZEDRILL_FAKES_BANNER_BANNER_CACHE_H_
#define FREEZEDRILL_FAKES_BANNER_BANNER_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fakes/banner/banner_origin.h"
#include "sim/runtime/runtime.h"

namespace freezedrill {

inline constexpr std::string_view kBannerUrl = "/banner";
inline constexpr std::string_view kBannerTag = "banner";

// One response of the banner cache, as an observer records it.
struct BannerAnswer {
  std::uint32_t version = 0;
  std::int64_t age = 0;      // the Age header: whole seconds since the cache fetched it
  std::string cache_status;  // "hit", "miss" or "stale"
  std::string cache_control;
};

// The freshness directives of a Cache-Control value that a shared cache
// uses, in seconds; nullopt where the directive is absent.
struct CacheDirectives {
  std::optional<std::int64_t> max_age;
  std::optional<std::int64_t> s_maxage;
  std::optional<std::int64_t> stale_while_revalidate;
};
CacheDirectives parse_cache_control(std::string_view value);

// A shared cache (a CDN) in front of the banner origin, holding the one
// banner URL. Freshness follows RFC 9111 section 4.2.1 for a shared cache:
// s-maxage, else max-age. The origin responds at once and sends no Age, so
// the current age is the time since the cache stored the response. A stale
// entry is served while stale-while-revalidate (RFC 5861) allows it, and the
// cache then revalidates it in the background; otherwise it fetches again.
// Purges evict (by URL or tag) or mark stale (soft purge), and record
// banner_purged. A purge fails while a purge_failing fault is active.
class BannerCache {
 public:
  BannerCache(Runtime& runtime, BannerOrigin& origin);

  BannerAnswer get();

  // `method` is "url", "tag" or "soft". Returns whether the purge took effect.
  bool purge(std::string_view method);

  // Purges requested in [now, until) fail (the purge_failing fault).
  void fail_purges_until(Micros until) { purges_fail_until_ = until; }

 private:
  struct Entry {
    std::uint32_t version = 0;
    Micros stored_at = 0;
    std::string cache_control;
    std::optional<Micros> marked_stale_at;  // by a soft purge
  };

  Entry fetch() const;
  bool fresh(const Entry& entry, Micros now) const;
  bool may_serve_stale(const Entry& entry, Micros now) const;
  BannerAnswer answer(const Entry& entry, std::string_view status) const;

  Runtime& runtime_;
  BannerOrigin& origin_;
  std::optional<Entry> entry_;
  Micros purges_fail_until_ = 0;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_BANNER_BANNER_CACHE_H_
