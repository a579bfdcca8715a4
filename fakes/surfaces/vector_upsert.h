#ifndef FREEZEDRILL_FAKES_SURFACES_VECTOR_UPSERT_H_
#define FREEZEDRILL_FAKES_SURFACES_VECTOR_UPSERT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/surfaces/surface.h"
#include "sim/runtime/prng.h"

namespace freezedrill {

// A background upserter running inside one instance (spec.instance), such
// as an ingestion hook that keeps the vector index in step. At spec.rate it
// upserts a vector "vec-<n>", n drawn uniformly from [0, spec.keys), through
// the deployment's service layer, which sends upserts to the vector sink.
// Like kv_writer it never checks the flag itself: the service-layer guard
// fences it, and a refused upsert is not applied. Arrivals are Poisson from
// the actor's own stream after a random phase, or evenly spaced with
// `arrivals: "fixed"`, and stop at the scenario's duration.
class VectorUpsert final : public Surface {
 public:
  VectorUpsert(const SurfaceSpec& spec, SurfaceContext& context);

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
  Micros mean_interval_;  // 0: the upserter never runs
  bool fixed_arrivals_;
  Micros duration_;
  Prng rng_;
  std::uint64_t upserts_ = 0;
};

// The surface factory for kind "vector_upsert": one upserter per spec.
std::vector<std::unique_ptr<Surface>> make_vector_upserts(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_VECTOR_UPSERT_H_
