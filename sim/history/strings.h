#ifndef FREEZEDRILL_SIM_HISTORY_STRINGS_H_
#define FREEZEDRILL_SIM_HISTORY_STRINGS_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace freezedrill {

// Index of an interned string. 0 is always the empty string, so a
// zero-initialised field means "none".
using StrId = std::uint32_t;
inline constexpr StrId kNoStr = 0;

// Interns strings so events store 4-byte ids. Ids are assigned in first-seen
// order, which is deterministic because recording is.
class StringTable {
 public:
  StringTable();
  // A copy re-interns every string into its own storage, because the index
  // refers to the stored strings by address. Moving keeps the addresses.
  StringTable(const StringTable& other);
  StringTable& operator=(const StringTable& other);
  StringTable(StringTable&&) = default;
  StringTable& operator=(StringTable&&) = default;

  StrId intern(std::string_view s);
  std::string_view get(StrId id) const { return *strings_[id]; }
  // Returns the id of s if it was interned, else kNoStr (or 0 for "").
  StrId find(std::string_view s) const;
  std::size_t size() const { return strings_.size(); }

 private:
  std::deque<std::string> storage_;  // stable addresses for the views below
  std::vector<const std::string*> strings_;
  std::unordered_map<std::string_view, StrId> index_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_HISTORY_STRINGS_H_
