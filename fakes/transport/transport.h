#ifndef FREEZEDRILL_FAKES_TRANSPORT_TRANSPORT_H_
#define FREEZEDRILL_FAKES_TRANSPORT_TRANSPORT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace freezedrill {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// An HTTP request as actors build it. `endpoint` names the catalogue entry
// the actor meant to call; the deployment routes on method and path.
struct HttpRequest {
  std::uint64_t request_id = 0;
  std::string method;
  std::string path;      // "/kv/user-17"
  std::string endpoint;  // catalogue name, "put_kv"
  HeaderList headers;    // Idempotency-Key among them
  std::string body;
  std::string origin;    // actor name, for the storage audit
};

struct HttpResponse {
  int status = 0;  // 0: the request failed in transport (see transport_error)
  HeaderList headers;
  std::string body;
  std::int32_t instance = -1;  // the instance that answered, where known
  std::string transport_error;

  // Every value of a header, case-insensitive name, in order.
  std::vector<std::string_view> header_values(std::string_view name) const;
  std::optional<std::string_view> header(std::string_view name) const;
  void add_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// How actors reach a deployment. Sim mode: an in-process call answered after
// virtual latency. Live mode: HTTP over Boost.Asio. The handler is called
// exactly once, later (never inside send()).
class Transport {
 public:
  using ResponseHandler = std::function<void(HttpResponse)>;
  virtual ~Transport() = default;
  virtual void send(HttpRequest request, ResponseHandler on_response) = 0;
};

bool header_name_equals(std::string_view a, std::string_view b);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_TRANSPORT_TRANSPORT_H_
