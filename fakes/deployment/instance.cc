#include "fakes/deployment/instance.h"

#include <algorithm>

namespace freezedrill {

Micros Instance::admit(Micros arrival) {
  Micros extra = (arrival >= spike_from_ && arrival < spike_until_) ? spike_extra_ : 0;
  if (service_time_ == 0) return arrival + latency_ + extra;
  Micros start = std::max(arrival, free_at_);
  free_at_ = start + service_time_;
  return free_at_ + latency_ + extra;
}

void Instance::add_latency_spike(Micros from, Micros until, Micros extra) {
  spike_from_ = from;
  spike_until_ = until;
  spike_extra_ = extra;
}

void Instance::crash() {
  up_ = false;
  ++generation_;
  free_at_ = 0;
}

void Instance::start() {
  up_ = true;
  write_block_ = false;
  broken_ = false;
}

Micros service_time_for(const Rate& capacity) {
  if (capacity.is_zero()) return 0;
  return capacity.mean_interval();
}

}  // namespace freezedrill
