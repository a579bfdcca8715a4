#include "fakes/surfaces/embedding_backfill.h"

#include <algorithm>
#include <string>

namespace freezedrill {
namespace {

constexpr std::string_view kBatchUnit = "batch";

}  // namespace

EmbeddingBackfill::EmbeddingBackfill(const SurfaceSpec& spec, SurfaceContext& context)
    : runtime_(context.runtime),
      actor_(context.runtime, context.deployment, spec.name),
      spec_(spec.backfill),
      duration_(context.scenario.duration),
      checks_every_batch_(!defect_on(context.scenario, "backfill_checks_flag_once")) {}

void EmbeddingBackfill::start() { schedule_check(runtime_.now() + spec_.every); }

void EmbeddingBackfill::schedule_check(Micros t) {
  if (t >= duration_ || next_document_ >= spec_.documents) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { on_check(); });
}

void EmbeddingBackfill::on_check() {
  if (flag_blocks_batch()) {
    schedule_check(runtime_.now() + spec_.every);
    return;
  }
  run_batch(runtime_.now());
}

// The flag check that must come before every batch. With the defect, the
// backfill skips it once one check has passed.
bool EmbeddingBackfill::flag_blocks_batch() {
  if (!checks_every_batch_ && passed_a_check_) return false;
  if (actor_.flag_on()) return true;
  passed_a_check_ = true;
  return false;
}

void EmbeddingBackfill::run_batch(Micros checked_at) {
  std::uint64_t unit_id = actor_.start_unit(kBatchUnit);
  std::int64_t first = next_document_;
  std::int64_t count = std::min<std::int64_t>(spec_.batch, spec_.documents - first);
  next_document_ += count;

  runtime_.schedule_after(spec_.embed_latency, [this, unit_id, first, count, checked_at] {
    upsert_batch(unit_id, first, count);
    actor_.finish_unit(kBatchUnit, unit_id);
    schedule_check(std::max(checked_at + spec_.every, runtime_.now()));
  });
}

void EmbeddingBackfill::upsert_batch(std::uint64_t unit_id, std::int64_t first, std::int64_t count) {
  std::string value = actor_.name() + "-" + std::to_string(unit_id);
  for (std::int64_t i = first; i < first + count; ++i) {
    actor_.write(ProtectedSink::kVectors, "doc-" + std::to_string(i), value, "upsert");
  }
}

std::vector<std::unique_ptr<Surface>> make_embedding_backfills(const SurfaceSpec& spec, SurfaceContext& context) {
  std::vector<std::unique_ptr<Surface>> backfills;
  backfills.push_back(std::make_unique<EmbeddingBackfill>(spec, context));
  return backfills;
}

}  // namespace freezedrill
