#ifndef FREEZEDRILL_FAKES_SURFACES_CLIENT_H_
#define FREEZEDRILL_FAKES_SURFACES_CLIENT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/surfaces/retry_policy.h"
#include "fakes/surfaces/surface.h"
#include "fakes/transport/transport.h"
#include "sim/history/header.h"
#include "sim/runtime/prng.h"
#include "sim/runtime/runtime.h"

namespace freezedrill {

// The settings every client of one `client` surface shares: the arrival
// process, the endpoints it may call and the retry planner. Built once per
// surface.
struct ClientPlan {
  std::string surface;                 // the surface's name; clients are "<surface>#<i>"
  std::uint64_t surface_slot = 0;      // position in scenario.surfaces plus 1, for ids
  Micros mean_interval = 0;            // 0: the client never starts an operation
  bool fixed_arrivals = false;
  double write_fraction = 0.0;         // probability that an operation is a write
  double reuse_key = 0.0;              // probability that a write reuses another client's latest key
  // The latest write key each client of the surface sent, for reuse_key.
  // Shared by the surface's clients; the simulator runs them on one thread.
  std::shared_ptr<std::vector<std::string>> latest_write_keys;
  int keys = 1;
  Micros duration = 0;                 // no operation starts at or after this time
  std::vector<EndpointSpec> read_endpoints;
  std::vector<EndpointSpec> write_endpoints;
  ErrorCodeRule error_code;
  std::unique_ptr<RetryPlanner> planner;
};

// One API user. From a random phase in [0, mean interval) it starts a
// logical operation at each arrival (Poisson, or exactly every mean interval
// with fixed arrivals) until the scenario's duration. An operation is a
// write with probability `writes`, on a uniformly drawn endpoint and key
// "kv-<n>"; writes carry one Idempotency-Key for all their attempts (with
// `reuse_key`, some writes reuse the latest key another client of the
// surface sent, with their own body: a client bug, keys drawn from shared
// state, that the deployment must answer with 409). Every
// send is recorded as request_sent, every response as response_received,
// and an operation the retry planner abandons as operation_given_up.
//
// Ids are deterministic and unique across the run: bits 63..52 hold the
// surface slot, bits 51..32 the client index and bits 31..0 a per-client
// sequence starting at 1 (operations and requests are counted separately).
// All randomness comes from the client's own stream, so adding a client does
// not change what another one does. A client with `retry.budget` has its
// own token bucket, shared by all of its operations.
class Client final : public Surface {
 public:
  Client(Runtime& runtime, Transport& transport, std::shared_ptr<const ClientPlan> plan, std::uint32_t index);

  std::string_view name() const override { return name_; }
  void start() override;

 private:
  struct Operation;

  void schedule_arrival(Micros t);
  void on_arrival();
  Micros next_gap();

  void begin_operation();
  const EndpointSpec& pick_endpoint(bool write);
  std::string pick_idempotency_key(std::uint64_t sequence);
  void send_attempt(const std::shared_ptr<Operation>& op);
  HttpRequest build_request(const Operation& op);
  void record_request_sent(const Operation& op, const HttpRequest& request);
  void on_response(const std::shared_ptr<Operation>& op, const HttpRequest& request, Micros sent_at,
                   const HttpResponse& response);
  void give_up(const Operation& op, std::string_view reason);

  std::uint64_t make_id(std::uint64_t sequence) const;

  Runtime& runtime_;
  Transport& transport_;
  std::shared_ptr<const ClientPlan> plan_;
  std::uint32_t index_;
  std::string name_;
  Prng rng_;
  std::optional<RetryBudget> budget_;  // nullopt: the surface sets no budget
  std::uint64_t operations_ = 0;  // operations started so far
  std::uint64_t requests_ = 0;    // requests sent so far
};

// The largest number of clients one surface may have: the client index has
// 20 bits in the ids.
inline constexpr int kMaxClientsPerSurface = (1 << 20) - 1;

// Builds spec.count clients named "<spec.name>#<i>", i from 0, with the
// client defects named in scenario.deployment.defects switched on. Throws
// InputError for an unknown endpoint name in spec.endpoints, a catalogue with
// no endpoint to call, an unimplemented retry policy or too many clients.
std::vector<std::unique_ptr<Surface>> make_clients(const SurfaceSpec& spec, SurfaceContext& context);

// The same, without the deployment, which clients reach only through the
// transport. REQUIRES: runtime, transport and scenario outlive the clients.
std::vector<std::unique_ptr<Surface>> make_clients(const SurfaceSpec& spec, Runtime& runtime, Transport& transport,
                                                   const Scenario& scenario);

// Replaces every "{...}" placeholder in an endpoint path with `key`.
std::string fill_path(std::string_view path_template, std::string_view key);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_CLIENT_H_
