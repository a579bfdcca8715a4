#include <algorithm>

#include "fakes/surfaces/checkpointed_job.h"
#include "fakes/surfaces/client.h"
#include "fakes/surfaces/cron_job.h"
#include "fakes/surfaces/embedding_backfill.h"
#include "fakes/surfaces/ingestion.h"
#include "fakes/surfaces/kv_writer.h"
#include "fakes/surfaces/observer.h"
#include "fakes/surfaces/probe.h"
#include "fakes/surfaces/surface.h"
#include "fakes/surfaces/tool_call.h"
#include "fakes/surfaces/vector_upsert.h"
#include "fakes/surfaces/worker.h"

namespace freezedrill {

const std::vector<SurfaceKind>& surface_kinds() {
  static const std::vector<SurfaceKind> kinds = {
      {"client", "API users sending reads and writes under a retry policy, one idempotency key per write",
       [](const SurfaceSpec& spec, SurfaceContext& context) { return make_clients(spec, context); }},
      {"kv_writer", "background writer inside an instance that puts keys through the service layer",
       make_kv_writers},
      {"vector_upsert", "background upserter inside an instance that writes vectors through the service layer",
       make_vector_upserts},
      {"embedding_backfill", "backfill that embeds a document backlog and upserts vectors directly, batch by batch",
       make_embedding_backfills},
      {"cron", "scheduled job (interval or cron expression) that writes KV keys directly on each fire",
       make_cron_jobs},
      {"worker", "queue worker under a supervisor that upserts vectors directly, one job at a time",
       make_workers},
      {"tool_call", "agent making tool calls: read-only tools send reads, side-effecting tools wait for the flag to clear",
       make_tool_call_agents},
      {"ingestion", "feed consumer started before the window that writes documents chunk by chunk, checking the flag "
                    "before each chunk",
       make_feed_ingestions},
      {"compaction", "long compaction in steps that pauses at its next checkpoint while the flag is on",
       make_compactions},
      {"migration", "long schema migration in steps that pauses at its next checkpoint while the flag is on",
       make_migrations},
      {"probe", "read probe that sends fixed queries at an interval and records each answer's embedding for read_drift",
       make_probes},
      {"observer", "open browser tabs that poll the maintenance banner through the cache and record each version seen",
       make_observers},
  };
  return kinds;
}

std::uint64_t surface_id_base(const Scenario& scenario, std::string_view name) {
  constexpr int kIdSurfaceShift = 52;
  for (std::size_t i = 0; i < scenario.surfaces.size(); ++i) {
    if (scenario.surfaces[i].name == name) return static_cast<std::uint64_t>(i + 1) << kIdSurfaceShift;
  }
  return 0;
}

const SurfaceKind* find_surface_kind(std::string_view kind) {
  const std::vector<SurfaceKind>& kinds = surface_kinds();
  auto it = std::find_if(kinds.begin(), kinds.end(), [&](const SurfaceKind& k) { return k.kind == kind; });
  return it == kinds.end() ? nullptr : &*it;
}

}  // namespace freezedrill
