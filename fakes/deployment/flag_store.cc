#include "fakes/deployment/flag_store.h"

#include <algorithm>
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
    last_view_update_ = std::max(last_view_update_, lands);
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
}

}  // namespace freezedrill
