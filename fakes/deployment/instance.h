#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_INSTANCE_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_INSTANCE_H_

#include "sim/core/time.h"

namespace freezedrill {

// One service instance as a single FIFO server: each admitted request
// occupies the server for `service_time` (1 s / capacity; 0 for unlimited
// capacity, which never queues) and is answered `latency` after it leaves
// the server, so overload shows as latency. The instance also has a local
// write block, which only the reenable_latched defect engages.
class Instance {
 public:
  Instance(int index, Micros service_time, Micros latency)
      : index_(index), service_time_(service_time), latency_(latency) {}

  int index() const { return index_; }

  // Queues a request arriving at `arrival` and returns the time its response
  // is sent.
  Micros admit(Micros arrival);

  bool write_block() const { return write_block_; }
  void engage_write_block() { write_block_ = true; }

 private:
  int index_;
  Micros service_time_;
  Micros latency_;
  Micros free_at_ = 0;  // when the server finishes its last queued request
  bool write_block_ = false;
};

// Service time of one request at `capacity` requests per second per
// instance; 0 when the capacity is zero (unlimited).
Micros service_time_for(const Rate& capacity);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_INSTANCE_H_
