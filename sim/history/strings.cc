#include "sim/history/strings.h"

namespace freezedrill {

StringTable::StringTable() { intern(""); }

StringTable::StringTable(const StringTable& other) : StringTable() {
  for (std::size_t id = 1; id < other.size(); ++id) intern(other.get(static_cast<StrId>(id)));
}

StringTable& StringTable::operator=(const StringTable& other) {
  if (this != &other) *this = StringTable(other);
  return *this;
}

StrId StringTable::intern(std::string_view s) {
  auto it = index_.find(s);
  if (it != index_.end()) return it->second;
  storage_.emplace_back(s);
  StrId id = static_cast<StrId>(strings_.size());
  strings_.push_back(&storage_.back());
  index_.emplace(std::string_view(storage_.back()), id);
  return id;
}

StrId StringTable::find(std::string_view s) const {
  auto it = index_.find(s);
  return it == index_.end() ? kNoStr : it->second;
}

}  // namespace freezedrill
