#include "fakes/surfaces/vector_upsert.h"

#include <algorithm>

#include "fakes/deployment/reference_deployment.h"
#include "sim/runtime/distributions.h"

namespace freezedrill {

VectorUpsert::VectorUpsert(const SurfaceSpec& spec, SurfaceContext& context)
    : runtime_(context.runtime),
      deployment_(context.deployment),
      name_(spec.name),
      instance_(spec.instance),
      keys_(std::max(1, spec.keys)),
      mean_interval_(spec.rate.is_zero() ? 0 : spec.rate.mean_interval()),
      fixed_arrivals_(spec.fixed_arrivals),
      duration_(context.scenario.duration),
      rng_(context.runtime.stream(spec.name)) {}

void VectorUpsert::start() {
  if (mean_interval_ <= 0) return;
  schedule_arrival(runtime_.now() + uniform_int(rng_, 0, mean_interval_ - 1));
}

void VectorUpsert::schedule_arrival(Micros t) {
  if (t >= duration_) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { on_arrival(); });
}

void VectorUpsert::on_arrival() {
  ++upserts_;
  Mutation m;
  m.key = "vec-" + std::to_string(uniform_int(rng_, 0, keys_ - 1));
  m.value = name_ + "-" + std::to_string(upserts_);
  m.kind = "upsert";
  m.origin = name_;
  m.instance = instance_;
  deployment_.apply_background(instance_, std::move(m));

  schedule_arrival(runtime_.now() + next_gap());
}

Micros VectorUpsert::next_gap() {
  if (fixed_arrivals_) return mean_interval_;
  return exponential_micros(rng_, mean_interval_);
}

std::vector<std::unique_ptr<Surface>> make_vector_upserts(const SurfaceSpec& spec, SurfaceContext& context) {
  std::vector<std::unique_ptr<Surface>> upserters;
  upserters.push_back(std::make_unique<VectorUpsert>(spec, context));
  return upserters;
}

}  // namespace freezedrill
