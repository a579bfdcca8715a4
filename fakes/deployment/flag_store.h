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

  // When the last view update scheduled so far lands: after it every
  // instance has seen the latest set().
  Micros last_view_update() const { return last_view_update_; }
  // While a view is detached (a lost notification, a crashed process, a
  // partition from the store) the updates that land on it are dropped.
  // Detaching nests: the view re-reads the store when the last detach ends,
  // records flag_seen if that changes it, and returns the store's value.
  void detach_view(int instance);
  bool attach_view(int instance);

  // True when every view follows the store and shows its value: none is
  // detached and none still waits for an update.
  bool settled() const;
  // When a view last changed (kNoTime before the first change).
  Micros last_view_change() const { return last_view_change_; }

  void set_view_listener(ViewListener listener) { listener_ = std::move(listener); }

 private:
  struct View {
    bool on = false;
    std::uint64_t applied_sequence = 0;
    Micros extra_delay = 0;
    int detached = 0;  // how many faults keep it from following the store
  };

  void apply_view(int instance, std::uint64_t sequence, bool on);
  void change_view(int instance, bool on);

  Runtime& runtime_;
  Micros propagation_;
  bool on_ = false;
  std::uint64_t sequence_ = 0;
  std::vector<View> views_;
  Micros last_view_update_ = 0;
  Micros last_view_change_ = kNoTime;
  ViewListener listener_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_FLAG_STORE_H_
