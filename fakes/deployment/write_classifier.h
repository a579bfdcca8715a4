#ifndef FREEZEDRILL_FAKES_DEPLOYMENT_WRITE_CLASSIFIER_H_
#define FREEZEDRILL_FAKES_DEPLOYMENT_WRITE_CLASSIFIER_H_

#include <string>
#include <string_view>
#include <vector>

#include "fakes/deployment/defect_switches.h"
#include "sim/history/header.h"

namespace freezedrill {

// Decides whether a mutation kind counts as a write for the read-only
// fence. The gateway and the service layer share one classifier, as a real
// service shares one list of statement kinds. Correct: every write endpoint's
// kind is a write. With mutation_unclassified, the kind of the last write
// endpoint in the catalogue is missing from the list, so the fence lets it
// through everywhere, background writers included. With read_post_blocked,
// a read endpoint sent as POST (POST /search) is fenced like a write, as a
// guard that treats every unsafe method as a write does. The service layer
// never guards reads, so only the gateway refuses such a read.
class WriteClassifier {
 public:
  WriteClassifier(const std::vector<EndpointSpec>& endpoints, const DefectSwitches& defects);

  // True when the fence must stop this endpoint while the flag is on.
  bool fenced(const EndpointSpec& endpoint) const;
  // True when the fence must stop a mutation of this kind.
  bool fenced_kind(std::string_view mutation) const;

  // The kind the defect leaves out, or "" when none is.
  const std::string& unclassified_kind() const { return unclassified_; }

 private:
  std::string unclassified_;
  bool post_reads_fenced_ = false;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEPLOYMENT_WRITE_CLASSIFIER_H_
