#include "fakes/deployment/write_classifier.h"

namespace freezedrill {

WriteClassifier::WriteClassifier(const std::vector<EndpointSpec>& endpoints, const DefectSwitches& defects)
    : post_reads_fenced_(defects.read_post_blocked) {
  if (!defects.mutation_unclassified) return;
  for (auto it = endpoints.rbegin(); it != endpoints.rend(); ++it) {
    if (it->write) {
      unclassified_ = it->mutation;
      return;
    }
  }
}

bool WriteClassifier::fenced(const EndpointSpec& endpoint) const {
  if (!endpoint.write) return post_reads_fenced_ && endpoint.method == "POST";
  return fenced_kind(endpoint.mutation);
}

bool WriteClassifier::fenced_kind(std::string_view mutation) const {
  return unclassified_.empty() || mutation != unclassified_;
}

}  // namespace freezedrill
