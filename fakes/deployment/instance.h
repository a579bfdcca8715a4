#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_INSTANCE_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_INSTANCE_H_

#include <cstdint>

#include "sim/core/time.h"

namespace freezedrill {

// One service instance as a single FIFO server: each admitted request
// occupies the server for `service_time` (1 s / capacity; 0 for unlimited
// capacity, which never queues) and is answered `latency` after it leaves
// the server, so overload shows as latency. The instance also has a local
// write block, which only the reenable_latched defect engages.
//
// Faults change it: a latency spike adds to the answer time of requests it
// admits in the spike's span; a crash takes it down and loses its queue (the
// generation counts crashes, so a request can tell that the process that
// admitted it is gone); a partition cuts it off from the flag store.
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

  // Requests admitted in [from, until) are answered `extra` later.
  void add_latency_spike(Micros from, Micros until, Micros extra);

  bool up() const { return up_; }
  std::uint64_t generation() const { return generation_; }
  // The process dies: it stops serving and its queue is lost.
  void crash();
  // The process starts again with a fresh state (no write block, not broken).
  void start();

  // Whether the instance cannot reach the flag store.
  bool partitioned() const { return partitioned_; }
  void set_partitioned(bool partitioned) { partitioned_ = partitioned; }

  // A failed start (the restart_runs_migrations defect) leaves the process up
  // but unable to serve: every request is answered 500.
  bool broken() const { return broken_; }
  void set_broken() { broken_ = true; }

 private:
  int index_;
  Micros service_time_;
  Micros latency_;
  Micros free_at_ = 0;  // when the server finishes its last queued request
  bool write_block_ = false;
  Micros spike_from_ = 0;
  Micros spike_until_ = 0;
  Micros spike_extra_ = 0;
  bool up_ = true;
  std::uint64_t generation_ = 0;
  bool partitioned_ = false;
  bool broken_ = false;
};

// Service time of one request at `capacity` requests per second per
// instance; 0 when the capacity is zero (unlimited).
Micros service_time_for(const Rate& capacity);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_INSTANCE_H_
