#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_FLAG_STORE_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_FLAG_STORE_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "sim/runtime/runtime.h"

namespace freezedrill {

// The read-only flag: one authoritative value (the store) and each
// instance's cached view of it, which follows the store after the
// propagation delay plus that instance's extra delay. set() records flag_set
// now. Each view update runs in the control lane and records flag_seen when
// the view changes. Updates carry a sequence number and an instance ignores
// one older than the last it applied, so a later set is never overtaken by an
// earlier, more delayed update.
class FlagStore {
 public:
  // Called when an instance's view changes, after flag_seen is recorded.
  using ViewListener = std::function<void(int instance, bool on)>;

  FlagStore(Runtime& runtime, int instances, Micros propagation);

  bool on() const { return on_; }
  bool view(int instance) const;
  int instances() const { return static_cast<int>(views_.size()); }

  void set(bool on, std::string_view by);

  // Adds `extra` to every later view update of `instance`.
  void delay_view(int instance, Micros extra);

  void set_view_listener(ViewListener listener) { listener_ = std::move(listener); }

  // Calls `fn` once, when the store is off and every instance's view is
  // off: at once if that is so now, else when the last view turns off.
  void when_all_views_off(std::function<void()> fn);

 private:
  struct View {
    bool on = false;
    std::uint64_t applied_sequence = 0;
    Micros extra_delay = 0;
  };

  void apply_view(int instance, std::uint64_t sequence, bool on);
  bool all_views_off() const;

  Runtime& runtime_;
  Micros propagation_;
  bool on_ = false;
  std::uint64_t sequence_ = 0;
  std::vector<View> views_;
  ViewListener listener_;
  std::vector<std::function<void()>> on_all_off_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_FLAG_STORE_H_
