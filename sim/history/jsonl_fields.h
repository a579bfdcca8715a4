#ifndef FREEZEDRILL_SIM_HISTORY_JSONL_FIELDS_H_
#define FREEZEDRILL_SIM_HISTORY_JSONL_FIELDS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/error.h"

namespace freezedrill {

// Internal to the JSON Lines reader and writer of histories.

// The line of a history file being read, for error messages.
struct LinePlace {
  std::string source;
  int line = 0;
};

// Serialised members of one output line, by key. std::map keeps the keys
// sorted, which makes the output byte-identical for identical histories.
using LineMembers = std::map<std::string, std::string>;

// Compact JSON text of a value. Invalid UTF-8 in strings is replaced by
// U+FFFD rather than failing the whole history.
std::string dump_json(const nlohmann::json& value);

// Escapes one key for use as a JSON pointer token (RFC 6901).
std::string pointer_token(std::string_view key);

// Typed access to the members of one JSON object read from a history line.
// A missing or mistyped member throws InputError naming the source, the
// line, the member's JSON pointer, its value and the fix. A member that is
// null counts as absent. Holds references: the object and place must
// outlive it.
class JsonFields {
 public:
  // `what` names the object in messages ("header", "request_sent event");
  // `pointer` is the object's own JSON pointer ("" for the line itself).
  JsonFields(const nlohmann::json& object, const LinePlace& place, std::string what, std::string pointer = "");

  const nlohmann::json* find(std::string_view key) const;
  std::string pointer_to(std::string_view key) const;
  const LinePlace& place() const { return place_; }

  std::string text(std::string_view key) const;
  std::string text_or(std::string_view key, std::string fallback) const;
  bool flag(std::string_view key) const;
  bool flag_or(std::string_view key, bool fallback) const;
  std::uint64_t unsigned_number(std::string_view key, std::uint64_t max) const;
  std::int64_t signed_number(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> optional_signed(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::vector<std::string> text_list(std::string_view key) const;
  // A member that must be an object or an array, when present.
  const nlohmann::json* optional_object(std::string_view key) const;
  const nlohmann::json* optional_array(std::string_view key) const;

  // Throws unless every member's key is in `known`.
  void reject_unknown(const std::vector<std::string_view>& known) const;

  [[noreturn]] void fail_missing(std::string_view key, std::string_view expected) const;
  [[noreturn]] void fail_mistyped(std::string_view key, std::string_view expected) const;
  [[noreturn]] void fail(std::string_view key, std::string problem, std::string fix) const;

 private:
  const nlohmann::json& require(std::string_view key, std::string_view expected) const;
  std::int64_t to_signed(std::string_view key, const nlohmann::json& value, std::int64_t min,
                         std::int64_t max) const;

  const nlohmann::json& object_;
  const LinePlace& place_;
  std::string what_;
  std::string pointer_;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_HISTORY_JSONL_FIELDS_H_
