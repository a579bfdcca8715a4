#include "sim/catalogue/catalogue.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace freezedrill {

void DefectCatalogue::add(DefectEntry entry) {
  if (find(entry.name) != nullptr) throw std::logic_error("defect registered twice: " + entry.name);
  std::sort(entry.checks.begin(), entry.checks.end());
  entries_.push_back(std::move(entry));
}

const DefectEntry* DefectCatalogue::find(std::string_view name) const {
  for (const DefectEntry& e : entries_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

std::vector<std::string> DefectCatalogue::expected_checks(const std::vector<std::string>& defects) const {
  std::set<std::string> checks;
  for (const std::string& name : defects) {
    if (const DefectEntry* e = find(name)) checks.insert(e->checks.begin(), e->checks.end());
  }
  return {checks.begin(), checks.end()};
}

}  // namespace freezedrill
