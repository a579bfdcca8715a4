#include "fakes/queue/intent_queue.h"

#include <fmt/format.h>

namespace freezedrill {

std::string receipt_for(std::int64_t seq) { return fmt::format("intent-{}", seq); }

}  // namespace freezedrill
