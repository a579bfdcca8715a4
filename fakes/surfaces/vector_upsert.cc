#include "fakes/surfaces/vector_upsert.h"

#include "fakes/surfaces/fenced_writer.h"

namespace freezedrill {

std::vector<std::unique_ptr<Surface>> make_vector_upserts(const SurfaceSpec& spec, SurfaceContext& context) {
  return make_fenced_writers(spec, context, FencedWriterTarget{"vec-", "upsert"});
}

}  // namespace freezedrill
