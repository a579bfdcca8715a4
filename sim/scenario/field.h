#ifndef FREEZEDRILL_SIM_SCENARIO_FIELD_H_
#define FREEZEDRILL_SIM_SCENARIO_FIELD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/time.h"

// Typed, strict reads of a parsed scenario. Every failed read throws an
// InputError that names the source file, the JSON pointer, the value and a
// fix. Nothing is coerced: a string where a number belongs is an error.
namespace freezedrill::loader_detail {

// The value as compact JSON, cut to about 80 characters for messages.
std::string show_value(const nlohmann::json& value);

// "/parent" + "/key" with the key escaped as RFC 6901 requires ("~0", "~1").
std::string child_pointer(const std::string& parent, std::string_view key);
std::string child_pointer(const std::string& parent, std::size_t index);

// The candidate closest to `name` by edit distance (a swap of two adjacent
// letters counts as one edit), if it is close enough to be a likely typo.
std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates);

// "a, b, c".
std::string join_names(const std::vector<std::string>& names);

// A fix for a name outside `allowed`: suggests the closest allowed name when
// there is one and lists them all. `what` names the list ("keys", "modes").
std::string fix_for_unknown(std::string_view name, const std::vector<std::string>& allowed, std::string_view what);

// Lower and upper bounds for a duration read.
struct DurationRule {
  Micros min = 0;              // inclusive; 1 means "greater than 0"
  bool whole_seconds = false;
};

// One value of the scenario with its place.
class Field {
 public:
  Field(const nlohmann::json& value, std::string pointer, const std::string& source)
      : value_(&value), pointer_(std::move(pointer)), source_(&source) {}

  const nlohmann::json& json() const { return *value_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& source() const { return *source_; }
  bool is_null() const { return value_->is_null(); }

  // Throws InputError at this field, showing its value.
  [[noreturn]] void fail(std::string problem, std::string fix) const;

  std::string as_string(bool allow_empty = false) const;
  // A non-empty string of characters that `allowed` accepts; `charset_rule`
  // describes them for the fix, with an example.
  std::string as_name(std::string_view charset_rule, bool (*allowed)(char)) const;
  std::string as_choice(const std::vector<std::string>& allowed, std::string_view what) const;
  std::int64_t as_integer(std::int64_t min, std::int64_t max) const;
  std::uint64_t as_unsigned() const;
  double as_number(double min, double max) const;
  bool as_bool() const;
  Micros as_duration(DurationRule rule) const;
  Rate as_rate() const;  // above zero

  // Element access for arrays; `what` describes an element for the message.
  std::vector<Field> as_array(std::size_t min_size, std::string_view what) const;

 private:
  [[noreturn]] void fail_type(std::string_view expected, std::string fix) const;
  void reject_float_for_integer(const std::string& fix) const;

  const nlohmann::json* value_;
  std::string pointer_;
  const std::string* source_;
};

// A JSON object of the scenario: key checks and reads with defaults.
class ObjectField {
 public:
  // Throws unless the field is an object; `what` names it ("the window").
  ObjectField(const Field& field, std::string_view what);

  const Field& field() const { return field_; }
  const std::string& pointer() const { return field_.pointer(); }
  bool has(std::string_view key) const;

  // Throws on the first key not in `allowed`, in sorted key order (the order
  // in which the parsed object stores its keys).
  void allow_keys(const std::vector<std::string>& allowed) const;

  std::optional<Field> find(std::string_view key) const;
  Field require(std::string_view key, std::string_view fix) const;

  std::string string_or(std::string_view key, std::string fallback) const;
  std::string choice_or(std::string_view key, const std::vector<std::string>& allowed, std::string fallback,
                        std::string_view what) const;
  std::int64_t integer_or(std::string_view key, std::int64_t min, std::int64_t max, std::int64_t fallback) const;
  double number_or(std::string_view key, double min, double max, double fallback) const;
  bool bool_or(std::string_view key, bool fallback) const;
  Micros duration_or(std::string_view key, DurationRule rule, Micros fallback) const;

  // Absent or null reads as nullopt.
  std::optional<Micros> optional_duration(std::string_view key, DurationRule rule) const;
  std::optional<Rate> optional_rate(std::string_view key) const;

 private:
  Field field_;
};

}  // namespace freezedrill::loader_detail

#endif  // FREEZEDRILL_SIM_SCENARIO_FIELD_H_
