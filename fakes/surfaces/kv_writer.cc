#include "fakes/surfaces/kv_writer.h"

#include <algorithm>

#include "fakes/deployment/reference_deployment.h"
#include "sim/runtime/distributions.h"

namespace freezedrill {

KvWriter::KvWriter(const SurfaceSpec& spec, SurfaceContext& context)
    : runtime_(context.runtime),
      deployment_(context.deployment),
      name_(spec.name),
      instance_(spec.instance),
      keys_(std::max(1, spec.keys)),
      mean_interval_(spec.rate.is_zero() ? 0 : spec.rate.mean_interval()),
      fixed_arrivals_(spec.fixed_arrivals),
      duration_(context.scenario.duration),
      rng_(context.runtime.stream(spec.name)) {}

void KvWriter::start() {
  if (mean_interval_ <= 0) return;
  schedule_arrival(runtime_.now() + uniform_int(rng_, 0, mean_interval_ - 1));
}

void KvWriter::schedule_arrival(Micros t) {
  if (t >= duration_) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { on_arrival(); });
}

void KvWriter::on_arrival() {
  ++puts_;
  Mutation m;
  m.key = "kv-" + std::to_string(uniform_int(rng_, 0, keys_ - 1));
  m.value = name_ + "-" + std::to_string(puts_);
  m.kind = "put";
  m.origin = name_;
  m.instance = instance_;
  deployment_.apply_background(instance_, std::move(m));

  schedule_arrival(runtime_.now() + next_gap());
}

Micros KvWriter::next_gap() {
  if (fixed_arrivals_) return mean_interval_;
  return exponential_micros(rng_, mean_interval_);
}

std::vector<std::unique_ptr<Surface>> make_kv_writers(const SurfaceSpec& spec, SurfaceContext& context) {
  std::vector<std::unique_ptr<Surface>> writers;
  writers.push_back(std::make_unique<KvWriter>(spec, context));
  return writers;
}

}  // namespace freezedrill
