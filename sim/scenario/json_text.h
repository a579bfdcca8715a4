#ifndef FREEZEDRILL_SIM_SCENARIO_JSON_TEXT_H_
#define FREEZEDRILL_SIM_SCENARIO_JSON_TEXT_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace freezedrill::loader_detail {

// 1-based line and column of a byte offset into `text` (0-based). An offset
// past the end points just after the last character.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

// Parses JSON with // and /* */ comments. Throws InputError naming `source`
// with the line and column of a syntax error. A key that appears twice in one
// object is an error at its JSON pointer, because the parser would keep only
// the last value and a second "window" would silently replace the first.
nlohmann::json parse_json_with_comments(std::string_view text, const std::string& source);

}  // namespace freezedrill::loader_detail

#endif  // FREEZEDRILL_SIM_SCENARIO_JSON_TEXT_H_
