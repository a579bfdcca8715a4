#ifndef FREEZEDRILL_FAKES_SURFACES_PROBE_H_
#define FREEZEDRILL_FAKES_SURFACES_PROBE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/surfaces/surface.h"
#include "sim/core/embedding.h"

namespace freezedrill {

// A read probe for read_drift: at every `every` from t = 0 until the end of
// the run it sends each of its fixed queries as a read to one endpoint. A
// POST carries {"query": q} as its body. A path parameter such as {key} is
// filled with the percent-encoded query. Each answer is recorded as a
// probe_answered event named "<surface>/<query index>". A 2xx answer is ok:
// its body is normalised (lower-cased, runs of digits masked when
// `mask_digits` is on) and embedded with the header's embedding parameters.
// Any other status or a transport failure is recorded with ok unset and no
// answer, so read_drift skips it. Probes record no request_sent, so their
// reads are not counted by the client checks.
class Probe final : public Surface {
 public:
  Probe(const SurfaceSpec& spec, SurfaceContext& context);

  std::string_view name() const override { return name_; }
  void start() override;

 private:
  void schedule_round(Micros t);
  void send_round();
  void send_query(std::size_t index);
  void record_answer(std::size_t index, const HttpResponse& response);

  Runtime& runtime_;
  Transport& transport_;
  std::string name_;
  EndpointSpec endpoint_;
  std::vector<std::string> queries_;
  Micros every_;
  Micros duration_;
  NormaliseRules rules_;
  std::uint64_t id_base_;
  std::uint64_t requests_ = 0;
};

// The surface factory for kind "probe": one probe per spec.
std::vector<std::unique_ptr<Surface>> make_probes(const SurfaceSpec& spec, SurfaceContext& context);

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_SURFACES_PROBE_H_
