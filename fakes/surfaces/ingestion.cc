#include "fakes/surfaces/ingestion.h"

#include <algorithm>
#include <string>

namespace freezedrill {
namespace {

constexpr std::string_view kChunkUnit = "chunk";

}  // namespace

FeedIngestion::FeedIngestion(const SurfaceSpec& spec, SurfaceContext& context)
    : runtime_(context.runtime),
      actor_(context.runtime, context.deployment, spec.name),
      spec_(spec.ingestion),
      duration_(context.scenario.duration),
      checks_every_chunk_(!defect_on(context.scenario, "ingestion_not_drained")) {}

void FeedIngestion::start() { schedule_check(runtime_.now()); }

void FeedIngestion::schedule_check(Micros t) {
  if (t >= duration_ || next_document_ >= spec_.documents) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { on_check(); });
}

void FeedIngestion::on_check() {
  if (flag_blocks_chunk()) {
    schedule_check(runtime_.now() + spec_.every);
    return;
  }
  run_chunk(runtime_.now());
}

// The check that must come before every chunk. With the defect, the consumer
// skips it once one check has passed.
bool FeedIngestion::flag_blocks_chunk() {
  if (!checks_every_chunk_ && passed_a_check_) return false;
  if (actor_.flag_on()) return true;
  passed_a_check_ = true;
  return false;
}

// Writes are spread over the chunk like a consumer committing document by
// document. Each write and the unit's end are scheduled from the start.
void FeedIngestion::run_chunk(Micros checked_at) {
  std::uint64_t unit_id = actor_.start_unit(kChunkUnit);
  std::int64_t first = next_document_;
  std::int64_t count = std::min<std::int64_t>(spec_.chunk, spec_.documents - first);
  next_document_ += count;

  for (std::int64_t i = 0; i < count; ++i) {
    Micros offset = spec_.chunk_duration * i / count;
    runtime_.schedule_after(offset, [this, document = first + i] {
      actor_.write(ProtectedSink::kDocuments, "feed:" + actor_.name() + "-" + std::to_string(document), actor_.name(),
                   "ingest");
    });
  }
  runtime_.schedule_after(spec_.chunk_duration, [this, unit_id, checked_at] {
    actor_.finish_unit(kChunkUnit, unit_id);
    schedule_check(std::max(checked_at + spec_.every, runtime_.now()));
  });
}

std::vector<std::unique_ptr<Surface>> make_feed_ingestions(const SurfaceSpec& spec, SurfaceContext& context) {
  std::vector<std::unique_ptr<Surface>> consumers;
  consumers.push_back(std::make_unique<FeedIngestion>(spec, context));
  return consumers;
}

}  // namespace freezedrill
