#ifndef FREEZEDRILL_FAKES_SURFACES_KV_WRITER_H_
#define FREEZEDRILL_FAKES_SURFACES_KV_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/surfaces/surface.h"
#include "sim/runtime/prng.h"

namespace freezedrill {

// A background writer running inside one instance (spec.instance): at
// spec.rate it puts a key "kv-<n>", drawn uniformly from spec.keys, through
// the deployment's service layer. It never checks the flag itself, because
// the service-layer guard is what fences it, and a refused put is simply not
// applied. Arrivals are Poisson from the actor's own stream after a random
// phase, or evenly spaced with `arrivals: "fixed"`, and stop at the
// scenario's duration. The actor name, and the origin of its mutations, is
// spec.name.
class KvWriter final : public Surface {
 public:
  KvWriter(const SurfaceSpec& spec, SurfaceContext& context);

  std::string_view name() const override { return name_; }
  void start() override;

 private:
  void schedule_arrival(Micros t);
  void on_arrival();
  Micros next_gap();

  Runtime& runtime_;
  ReferenceDeployment& deployment_;
  std::string name_;
  int instance_;
  int keys_;
  Micros mean_interval_;  // 0: the writer never runs
  bool fixed_arrivals_;
  Micros duration_;
  Prng rng_;
  std::uint64_t puts_ = 0;
};

// The surface factory for kind "kv_writer": one writer per spec.
std::vector<std::unique_ptr<Surface>> make_kv_writers(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_KV_WRITER_H_
