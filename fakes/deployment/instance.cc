#include "fakes/deployment/instance.h"

#include <algorithm>

namespace freezedrill {

Micros Instance::admit(Micros arrival) {
  if (service_time_ == 0) return arrival + latency_;
  Micros start = std::max(arrival, free_at_);
  free_at_ = start + service_time_;
  return free_at_ + latency_;
}

Micros service_time_for(const Rate& capacity) {
  if (capacity.is_zero()) return 0;
  return capacity.mean_interval();
}

}  // namespace freezedrill
