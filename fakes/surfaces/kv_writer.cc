#include "fakes/surfaces/kv_writer.h"

#include "fakes/surfaces/fenced_writer.h"

namespace freezedrill {

std::vector<std::unique_ptr<Surface>> make_kv_writers(const SurfaceSpec& spec, SurfaceContext& context) {
  return make_fenced_writers(spec, context, FencedWriterTarget{"kv-", "put"});
}

}  // namespace freezedrill
