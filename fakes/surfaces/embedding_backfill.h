#ifndef FREEZEDRILL_FAKES_SURFACES_EMBEDDING_BACKFILL_H_
#define FREEZEDRILL_FAKES_SURFACES_EMBEDDING_BACKFILL_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "fakes/surfaces/background_actor.h"
#include "fakes/surfaces/surface.h"

namespace freezedrill {

// A backfill that embeds a backlog of spec.backfill.documents documents
// ("doc-0", "doc-1", ...) and upserts them straight into the vector sink,
// batch by batch. At every `every` from t = 0 it checks the flag. When the
// flag is off it starts a unit "batch", reads the next `batch` documents,
// waits `embed_latency` for the embedder, upserts the batch and finishes the
// unit. When the flag is on it starts nothing and checks again `every`
// later. A batch slower than `every` delays the next check to its end. It
// stops when the backlog is done or the run ends.
//
// With the defect backfill_checks_flag_once it stops checking after its
// first check that finds the flag off, so it keeps upserting in the window.
class EmbeddingBackfill final : public Surface {
 public:
  EmbeddingBackfill(const SurfaceSpec& spec, SurfaceContext& context);

  std::string_view name() const override { return actor_.name(); }
  void start() override;

 private:
  void schedule_check(Micros t);
  void on_check();
  bool flag_blocks_batch();
  void run_batch(Micros checked_at);
  void upsert_batch(std::uint64_t unit_id, std::int64_t first, std::int64_t count);

  Runtime& runtime_;
  BackgroundActor actor_;
  BackfillSpec spec_;
  Micros duration_;
  bool checks_every_batch_;
  bool passed_a_check_ = false;
  std::int64_t next_document_ = 0;
};

// The surface factory for kind "embedding_backfill": one backfill per spec.
std::vector<std::unique_ptr<Surface>> make_embedding_backfills(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_EMBEDDING_BACKFILL_H_
