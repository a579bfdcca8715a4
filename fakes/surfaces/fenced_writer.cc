#include "fakes/surfaces/fenced_writer.h"

#include <algorithm>
#include <utility>

#include "fakes/deployment/reference_deployment.h"
#include "sim/runtime/distributions.h"

namespace freezedrill {

FencedWriter::FencedWriter(const SurfaceSpec& spec, SurfaceContext& context, FencedWriterTarget target)
    : runtime_(context.runtime),
      deployment_(context.deployment),
      name_(spec.name),
      target_(std::move(target)),
      instance_(spec.instance),
      keys_(std::max(1, spec.keys)),
      mean_interval_(spec.rate.is_zero() ? 0 : spec.rate.mean_interval()),
      fixed_arrivals_(spec.fixed_arrivals),
      duration_(context.scenario.duration),
      rng_(context.runtime.stream(spec.name)) {}

void FencedWriter::start() {
  if (mean_interval_ <= 0) return;
  schedule_arrival(runtime_.now() + uniform_int(rng_, 0, mean_interval_ - 1));
}

void FencedWriter::schedule_arrival(Micros t) {
  if (t >= duration_) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { on_arrival(); });
}

void FencedWriter::on_arrival() {
  ++writes_;
  Mutation m;
  m.key = target_.key_prefix + std::to_string(uniform_int(rng_, 0, keys_ - 1));
  m.value = name_ + "-" + std::to_string(writes_);
  m.kind = target_.mutation;
  m.origin = name_;
  m.instance = instance_;
  deployment_.apply_background(instance_, std::move(m));

  schedule_arrival(runtime_.now() + next_gap());
}

Micros FencedWriter::next_gap() {
  if (fixed_arrivals_) return mean_interval_;
  return exponential_micros(rng_, mean_interval_);
}

std::vector<std::unique_ptr<Surface>> make_fenced_writers(const SurfaceSpec& spec, SurfaceContext& context,
                                                          FencedWriterTarget target) {
  std::vector<std::unique_ptr<Surface>> writers;
  writers.push_back(std::make_unique<FencedWriter>(spec, context, std::move(target)));
  return writers;
}

}  // namespace freezedrill
