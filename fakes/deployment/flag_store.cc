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

void FlagStore::detach_view(int instance) { ++views_.at(static_cast<std::size_t>(instance)).detached; }

bool FlagStore::attach_view(int instance) {
  View& view = views_.at(static_cast<std::size_t>(instance));
  if (view.detached > 0) --view.detached;
  if (view.detached > 0) return on_;

  // Re-reading the store supersedes every update sent so far.
  view.applied_sequence = sequence_;
  change_view(instance, on_);
  return on_;
}

void FlagStore::apply_view(int instance, std::uint64_t sequence, bool on) {
  View& view = views_[static_cast<std::size_t>(instance)];
  if (view.detached > 0) return;                  // the update never arrives
  if (sequence <= view.applied_sequence) return;  // a later set already landed
  view.applied_sequence = sequence;
  change_view(instance, on);
}

void FlagStore::change_view(int instance, bool on) {
  View& view = views_[static_cast<std::size_t>(instance)];
  if (view.on == on) return;

  view.on = on;
  last_view_change_ = runtime_.now();
  runtime_.record(ev::FlagSeen{instance, on});
  if (listener_) listener_(instance, on);
}

bool FlagStore::settled() const {
  for (const View& view : views_) {
    if (view.detached > 0 || view.on != on_) return false;
  }
  return true;
}

}  // namespace freezedrill
