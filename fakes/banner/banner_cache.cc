#include "fakes/banner/banner_cache.h"

#include <charconv>

namespace freezedrill {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A delta-seconds argument (RFC 9111 section 1.2.2): digits only.
std::optional<std::int64_t> delta_seconds(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

CacheDirectives parse_cache_control(std::string_view value) {
  CacheDirectives directives;
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view item = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);

    std::size_t equals = item.find('=');
    if (equals == std::string_view::npos) continue;
    std::string_view name = trim(item.substr(0, equals));
    std::optional<std::int64_t> seconds = delta_seconds(trim(item.substr(equals + 1)));
    if (name == "max-age") directives.max_age = seconds;
    if (name == "s-maxage") directives.s_maxage = seconds;
    if (name == "stale-while-revalidate") directives.stale_while_revalidate = seconds;
  }
  return directives;
}

BannerCache::BannerCache(Runtime& runtime, BannerOrigin& origin) : runtime_(runtime), origin_(origin) {}

BannerAnswer BannerCache::get() {
  Micros now = runtime_.now();
  if (entry_ && fresh(*entry_, now)) return answer(*entry_, "hit");

  if (entry_ && may_serve_stale(*entry_, now)) {
    // The stale copy goes out now and the background revalidation replaces
    // it at once, because the origin responds without delay.
    BannerAnswer stale = answer(*entry_, "stale");
    entry_ = fetch();
    return stale;
  }

  entry_ = fetch();
  return answer(*entry_, "miss");
}

bool BannerCache::purge(std::string_view method) {
  History& history = runtime_.history();
  std::string_view target = method == "tag" ? kBannerTag : kBannerUrl;
  bool ok = runtime_.now() >= purges_fail_until_;
  runtime_.record(ev::BannerPurged{history.intern(method), history.intern(target), ok});
  if (!ok || !entry_) return ok;

  if (method == "soft") {
    if (!entry_->marked_stale_at) entry_->marked_stale_at = runtime_.now();
  } else {
    entry_.reset();
  }
  return true;
}

BannerCache::Entry BannerCache::fetch() const {
  return Entry{origin_.version(), runtime_.now(), origin_.cache_control(), std::nullopt};
}

bool BannerCache::fresh(const Entry& entry, Micros now) const {
  if (entry.marked_stale_at) return false;
  CacheDirectives directives = parse_cache_control(entry.cache_control);
  std::optional<std::int64_t> lifetime = directives.s_maxage ? directives.s_maxage : directives.max_age;
  return lifetime && now - entry.stored_at < *lifetime * kMicrosPerSecond;
}

// RFC 5861 section 3: a response stale for less than the
// stale-while-revalidate seconds may be served while it is revalidated.
// After a soft purge the entry counts as stale from the purge.
bool BannerCache::may_serve_stale(const Entry& entry, Micros now) const {
  CacheDirectives directives = parse_cache_control(entry.cache_control);
  if (!directives.stale_while_revalidate || *directives.stale_while_revalidate == 0) return false;

  Micros stale_since = entry.stored_at;
  if (entry.marked_stale_at) {
    stale_since = *entry.marked_stale_at;
  } else {
    std::optional<std::int64_t> lifetime = directives.s_maxage ? directives.s_maxage : directives.max_age;
    stale_since += lifetime.value_or(0) * kMicrosPerSecond;
  }
  return now - stale_since < *directives.stale_while_revalidate * kMicrosPerSecond;
}

BannerAnswer BannerCache::answer(const Entry& entry, std::string_view status) const {
  std::int64_t age = (runtime_.now() - entry.stored_at) / kMicrosPerSecond;
  return BannerAnswer{entry.version, age, std::string(status), entry.cache_control};
}

}  // namespace freezedrill
