#ifndef FREEZEDRILL_FAKES_SURFACES_FENCED_WRITER_H_
#define FREEZEDRILL_FAKES_SURFACES_FENCED_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/surfaces/surface.h"
#include "sim/runtime/prng.h"

namespace freezedrill {

// The keys and mutation kind of a fenced writer. The writer does not pick a
// sink, because the service layer sends "upsert" to the vector sink and every
// other kind to the kv sink.
struct FencedWriterTarget {
  std::string key_prefix;  // keys are <key_prefix><n>, n in [0, max(1, spec.keys))
  std::string mutation;    // "put", "upsert"
};

// A background writer running inside the instance spec.instance. At
// spec.rate it applies a mutation of kind target.mutation, on a key drawn
// uniformly from the target's key space, through the deployment's service
// layer. Its values are "<spec.name>-<n>", n counting its mutations from 1.
// It never checks the flag itself, because the service-layer guard is what
// fences it, and a refused mutation is simply not applied. Arrivals are
// Poisson from the actor's own stream after a random phase, or evenly spaced
// with `arrivals: "fixed"`, and stop at the scenario's duration. The actor
// name, which is also the origin of its mutations, is spec.name.
class FencedWriter final : public Surface {
 public:
  FencedWriter(const SurfaceSpec& spec, SurfaceContext& context, FencedWriterTarget target);

  std::string_view name() const override { return name_; }
  void start() override;

 private:
  void schedule_arrival(Micros t);
  void on_arrival();
  Micros next_gap();

  Runtime& runtime_;
  ReferenceDeployment& deployment_;
  std::string name_;
  FencedWriterTarget target_;
  int instance_;
  int keys_;
  Micros mean_interval_;  // 0 for a zero rate, so the writer never runs
  bool fixed_arrivals_;
  Micros duration_;
  Prng rng_;
  std::uint64_t writes_ = 0;
};

// Makes the one FencedWriter of `spec`, for the kv_writer and vector_upsert
// factories.
std::vector<std::unique_ptr<Surface>> make_fenced_writers(const SurfaceSpec& spec, SurfaceContext& context,
                                                          FencedWriterTarget target);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_FENCED_WRITER_H_
