#ifndef FREEZEDRILL_SIM_CATALOGUE_CATALOGUE_H_
#define FREEZEDRILL_SIM_CATALOGUE_CATALOGUE_H_

#include <string>
#include <string_view>
#include <vector>

namespace freezedrill {

// One defect: a named switch in the reference deployment or a surface that
// reproduces a real failure class, with the exact set of checks that must
// fail when it is on.
struct DefectEntry {
  std::string name;           // "missing_retry_after"
  std::string failure_class;  // "malformed Retry-After"
  std::string description;    // one line
  std::vector<std::string> surfaces;  // surface kinds it needs; empty: the API alone
  std::vector<std::string> checks;    // the exact set that must fail, sorted
  std::string reason;         // why exactly these checks catch it
  std::string scenario;       // the library scenario that exercises it
  // The clean library scenario the detection matrix switches it on for
  // (with --defect); it must have the surfaces and traffic the defect needs.
  std::string baseline = "scenarios/baseline-kv.json";
};

// The defect catalogue: a registry of entries by name, in registration order.
class DefectCatalogue {
 public:
  void add(DefectEntry entry);
  const DefectEntry* find(std::string_view name) const;
  const std::vector<DefectEntry>& all() const { return entries_; }

  // The sorted union of the check sets of the named defects (unknown names
  // are skipped; validate them first).
  std::vector<std::string> expected_checks(const std::vector<std::string>& defects) const;

 private:
  std::vector<DefectEntry> entries_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CATALOGUE_CATALOGUE_H_
