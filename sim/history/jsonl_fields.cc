#include "sim/history/jsonl_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace freezedrill {
namespace {

constexpr std::size_t kMaxValueChars = 80;

// The offending value as shown in a message, shortened if long.
std::string shown_value(const nlohmann::json& value) {
  std::string text = dump_json(value);
  if (text.size() > kMaxValueChars) text = text.substr(0, kMaxValueChars) + "...";
  return text;
}

}  // namespace

std::string dump_json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string pointer_token(std::string_view key) {
  std::string token;
  for (char c : key) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

JsonFields::JsonFields(const nlohmann::json& object, const LinePlace& place, std::string what, std::string pointer)
    : object_(object), place_(place), what_(std::move(what)), pointer_(std::move(pointer)) {}

const nlohmann::json* JsonFields::find(std::string_view key) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string JsonFields::pointer_to(std::string_view key) const { return pointer_ + "/" + pointer_token(key); }

void JsonFields::fail(std::string_view key, std::string problem, std::string fix) const {
  auto it = object_.find(key);
  std::string value = it == object_.end() ? "" : shown_value(*it);
  throw InputError(InputError::Place{place_.source, place_.line, 0, pointer_to(key)}, std::move(problem),
                   std::move(value), std::move(fix));
}

void JsonFields::fail_missing(std::string_view key, std::string_view expected) const {
  fail(key, fmt::format("missing field {} in the {}", key, what_),
       fmt::format("add {} ({}); docs/history-format.md lists the fields of each line", key, expected));
}

void JsonFields::fail_mistyped(std::string_view key, std::string_view expected) const {
  fail(key, fmt::format("invalid field {} in the {}", key, what_), fmt::format("write {} as {}", key, expected));
}

const nlohmann::json& JsonFields::require(std::string_view key, std::string_view expected) const {
  const nlohmann::json* value = find(key);
  if (value == nullptr) fail_missing(key, expected);
  return *value;
}

std::string JsonFields::text(std::string_view key) const {
  const nlohmann::json& value = require(key, "a string");
  if (!value.is_string()) fail_mistyped(key, "a string");
  return value.get<std::string>();
}

std::string JsonFields::text_or(std::string_view key, std::string fallback) const {
  if (find(key) == nullptr) return fallback;
  return text(key);
}

bool JsonFields::flag(std::string_view key) const {
  const nlohmann::json& value = require(key, "true or false");
  if (!value.is_boolean()) fail_mistyped(key, "true or false");
  return value.get<bool>();
}

bool JsonFields::flag_or(std::string_view key, bool fallback) const {
  if (find(key) == nullptr) return fallback;
  return flag(key);
}

std::uint64_t JsonFields::unsigned_number(std::string_view key, std::uint64_t max) const {
  std::string expected = max == std::numeric_limits<std::uint64_t>::max() ? "a non-negative integer"
                                                                          : fmt::format("an integer from 0 to {}", max);
  const nlohmann::json& value = require(key, expected);
  // nlohmann::json stores every non-negative integer literal as unsigned.
  if (!value.is_number_unsigned()) fail_mistyped(key, expected);
  std::uint64_t number = value.get<std::uint64_t>();
  if (number > max) fail_mistyped(key, expected);
  return number;
}

std::int64_t JsonFields::to_signed(std::string_view key, const nlohmann::json& value, std::int64_t min,
                                   std::int64_t max) const {
  std::string expected = fmt::format("an integer from {} to {}", min, max);
  if (!value.is_number_integer()) fail_mistyped(key, expected);

  std::int64_t number = 0;
  if (value.is_number_unsigned()) {
    std::uint64_t u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) fail_mistyped(key, expected);
    number = static_cast<std::int64_t>(u);
  } else {
    number = value.get<std::int64_t>();
  }
  if (number < min || number > max) fail_mistyped(key, expected);
  return number;
}

std::int64_t JsonFields::signed_number(std::string_view key, std::int64_t min, std::int64_t max) const {
  const nlohmann::json& value = require(key, fmt::format("an integer from {} to {}", min, max));
  return to_signed(key, value, min, max);
}

std::optional<std::int64_t> JsonFields::optional_signed(std::string_view key, std::int64_t min,
                                                        std::int64_t max) const {
  const nlohmann::json* value = find(key);
  if (value == nullptr) return std::nullopt;
  return to_signed(key, *value, min, max);
}

std::vector<std::string> JsonFields::text_list(std::string_view key) const {
  const nlohmann::json* value = find(key);
  if (value == nullptr) return {};
  if (!value->is_array()) fail_mistyped(key, "an array of strings");

  std::vector<std::string> out;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const nlohmann::json& item = (*value)[i];
    if (!item.is_string()) {
      std::string pointer = fmt::format("{}/{}", pointer_to(key), i);
      throw InputError(InputError::Place{place_.source, place_.line, 0, pointer},
                       fmt::format("invalid item in {} of the {}", key, what_), shown_value(item),
                       fmt::format("write every item of {} as a string", key));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

const nlohmann::json* JsonFields::optional_object(std::string_view key) const {
  const nlohmann::json* value = find(key);
  if (value != nullptr && !value->is_object()) fail_mistyped(key, "a JSON object");
  return value;
}

const nlohmann::json* JsonFields::optional_array(std::string_view key) const {
  const nlohmann::json* value = find(key);
  if (value != nullptr && !value->is_array()) fail_mistyped(key, "a JSON array");
  return value;
}

void JsonFields::reject_unknown(const std::vector<std::string_view>& known) const {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
    fail(it.key(), fmt::format("unknown field {} in the {}", it.key(), what_),
         fmt::format("remove it or correct its name; known fields: {}", fmt::join(known, ", ")));
  }
}

}  // namespace freezedrill
