#include "fakes/deployment/flag_store.h"

#include <stdexcept>

namespace freezedrill {

FlagStore::FlagStore(Runtime& runtime, int instances, Micros propagation)
    : runtime_(runtime), propagation_(propagation), views_(static_cast<std::size_t>(instances)) {}

bool FlagStore::view(int instance) const { return views_.at(static_cast<std::size_t>(instance)).on; }

void FlagStore::set(bool on, std::string_view by) {
  on_ = on;
  ++sequence_;
  runtime_.record(ev::FlagSet{on, runtime_.history().intern(by)});

  std::uint64_t sequence = sequence_;
  for (int i = 0; i < instances(); ++i) {
    Micros lands = runtime_.now() + propagation_ + views_[static_cast<std::size_t>(i)].extra_delay;
    runtime_.schedule_at(lands, Runtime::Lane::kControl, [this, i, sequence, on] { apply_view(i, sequence, on); });
  }
}

void FlagStore::delay_view(int instance, Micros extra) {
  if (extra < 0) throw std::invalid_argument("FlagStore::delay_view: negative delay");
  views_.at(static_cast<std::size_t>(instance)).extra_delay += extra;
}

void FlagStore::apply_view(int instance, std::uint64_t sequence, bool on) {
  View& view = views_[static_cast<std::size_t>(instance)];
  if (sequence <= view.applied_sequence) return;  // a later set already landed
  view.applied_sequence = sequence;
  if (view.on == on) return;

  view.on = on;
  runtime_.record(ev::FlagSeen{instance, on});
  if (listener_) listener_(instance, on);
  if (!on && all_views_off()) {
    std::vector<std::function<void()>> waiting = std::move(on_all_off_);
    on_all_off_.clear();
    for (auto& fn : waiting) fn();
  }
}

void FlagStore::when_all_views_off(std::function<void()> fn) {
  if (all_views_off()) {
    fn();
    return;
  }
  on_all_off_.push_back(std::move(fn));
}

bool FlagStore::all_views_off() const {
  if (on_) return false;
  for (const View& v : views_) {
    if (v.on) return false;
  }
  return true;
}

}  // namespace freezedrill
