#ifndef FREEZEDRILL_FAKES_SURFACES_VECTOR_UPSERT_H_
#define FREEZEDRILL_FAKES_SURFACES_VECTOR_UPSERT_H_

#include <memory>
#include <vector>

#include "fakes/surfaces/surface.h"

namespace freezedrill {

// Makes the surfaces of a spec of kind "vector_upsert": one FencedWriter that
// upserts vectors "vec-<n>" through the service layer, which sends upserts to
// the vector sink. Such a writer models an ingestion hook that keeps the
// vector index in step.
std::vector<std::unique_ptr<Surface>> make_vector_upserts(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_VECTOR_UPSERT_H_
