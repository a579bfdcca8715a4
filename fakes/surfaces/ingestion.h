#ifndef FREEZEDRILL_FAKES_SURFACES_INGESTION_H_
#define FREEZEDRILL_FAKES_SURFACES_INGESTION_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "fakes/surfaces/background_actor.h"
#include "fakes/surfaces/surface.h"

namespace freezedrill {

// A long-running feed consumer, started at t = 0, that writes the feed's
// spec.ingestion.documents documents ("feed:<name>-0", ...) straight into the
// document store, chunk by chunk. At every `every` from t = 0 it checks the
// flag. When the flag is off it starts a unit "chunk", takes the next `chunk`
// documents and writes document i of the chunk i * chunk_duration / chunk
// after the start, finishing the unit chunk_duration after it. When the flag
// is on it takes no chunk, which drains it for the window, and checks again
// `every` later, so it resumes after E. A chunk longer than `every` delays the
// next check to its end. Only the check before a chunk fences it, so a chunk
// that starts before S and lasts past S writes in the window.
//
// With the defect ingestion_not_drained the consumer checks the flag before
// its first chunk only, so it keeps taking chunks in the window.
class FeedIngestion final : public Surface {
 public:
  FeedIngestion(const SurfaceSpec& spec, SurfaceContext& context);

  std::string_view name() const override { return actor_.name(); }
  void start() override;

 private:
  void schedule_check(Micros t);
  void on_check();
  bool flag_blocks_chunk();
  void run_chunk(Micros checked_at);

  Runtime& runtime_;
  BackgroundActor actor_;
  IngestionSpec spec_;
  Micros duration_;
  bool checks_every_chunk_;
  bool passed_a_check_ = false;
  std::int64_t next_document_ = 0;
};

// The surface factory for kind "ingestion": one consumer per spec.
std::vector<std::unique_ptr<Surface>> make_feed_ingestions(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_INGESTION_H_
