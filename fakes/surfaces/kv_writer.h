#ifndef FREEZEDRILL_FAKES_SURFACES_KV_WRITER_H_
#define FREEZEDRILL_FAKES_SURFACES_KV_WRITER_H_

#include <memory>
#include <vector>

#include "fakes/surfaces/surface.h"

namespace freezedrill {

// Makes the surfaces of a spec of kind "kv_writer": one FencedWriter that
// puts keys "kv-<n>" through the service layer into the kv sink.
std::vector<std::unique_ptr<Surface>> make_kv_writers(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_KV_WRITER_H_
