#include "sim/scenario/json_text.h"

#include <fmt/format.h>

#include <set>
#include <vector>

#include "sim/core/error.h"
#include "sim/scenario/field.h"

namespace freezedrill::loader_detail {
namespace {

using ParseEvent = nlohmann::json::parse_event_t;

// One open object or array while parsing, to build the pointer of a
// duplicate key.
struct OpenContainer {
  bool is_object = true;
  std::set<std::string> keys;
  std::string current_key;
  std::size_t index = 0;  // arrays: the element being parsed
};

// Tracks the path of the value being parsed and rejects repeated keys.
class DuplicateKeyGuard {
 public:
  explicit DuplicateKeyGuard(const std::string& source) : source_(source) {}

  bool on_event(ParseEvent event, const nlohmann::json& parsed) {
    switch (event) {
      case ParseEvent::object_start:
        open_.push_back(OpenContainer{true, {}, {}, 0});
        break;
      case ParseEvent::array_start:
        open_.push_back(OpenContainer{false, {}, {}, 0});
        break;
      case ParseEvent::key:
        on_key(parsed.get<std::string>());
        break;
      case ParseEvent::object_end:
      case ParseEvent::array_end:
        open_.pop_back();
        finish_value();
        break;
      case ParseEvent::value:
        finish_value();
        break;
    }
    return true;
  }

 private:
  void on_key(const std::string& key) {
    OpenContainer& top = open_.back();
    if (!top.keys.insert(key).second) {
      throw InputError(InputError::Place{source_, 0, 0, child_pointer(parent_pointer(), key)},
                       fmt::format("duplicate key \"{}\"", key), show_value(key),
                       "keep one entry for this key; a JSON object cannot hold the same key twice");
    }
    top.current_key = key;
  }

  void finish_value() {
    if (!open_.empty() && !open_.back().is_object) ++open_.back().index;
  }

  // The pointer of the innermost open container.
  std::string parent_pointer() const {
    std::string pointer;
    for (std::size_t i = 0; i + 1 < open_.size(); ++i) {
      const OpenContainer& c = open_[i];
      pointer = c.is_object ? child_pointer(pointer, c.current_key) : child_pointer(pointer, c.index);
    }
    return pointer;
  }

  const std::string& source_;
  std::vector<OpenContainer> open_;
};

// The text of the line holding `offset`, trimmed, for the message's value.
std::string line_at(std::string_view text, std::size_t offset) {
  std::size_t begin = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  begin = (begin == std::string_view::npos || offset == 0) ? 0 : begin + 1;
  std::size_t end = text.find('\n', begin);
  std::string_view line = text.substr(begin, end == std::string_view::npos ? text.size() - begin : end - begin);

  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
  if (line.size() > 80) {
    std::size_t cut = 77;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    return std::string(line.substr(0, cut)) + "...";
  }
  return std::string(line);
}

// The parser's own explanation without its exception prefix and position,
// which the message gives as line and column instead.
std::string syntax_problem(const nlohmann::json::parse_error& error) {
  std::string what = error.what();
  std::size_t at = what.find("syntax error");
  if (at == std::string::npos) return "invalid JSON";
  std::string problem = "invalid JSON: " + what.substr(at);

  // The text last read repeats the line the message shows as its value, with
  // escaped line breaks, so it is left out.
  std::size_t last_read = problem.find("; last read: ");
  if (last_read != std::string::npos) {
    std::size_t expected = problem.find("; expected", last_read);
    problem.erase(last_read, expected == std::string::npos ? std::string::npos : expected - last_read);
  }
  return problem;
}

// The previous character that is not white space, or 0.
char previous_token(std::string_view text, std::size_t offset) {
  while (offset > 0) {
    char c = text[--offset];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c;
  }
  return 0;
}

std::string syntax_fix(std::string_view problem, std::string_view text, std::size_t offset) {
  bool closes = problem.find("unexpected '}'") != std::string_view::npos ||
                problem.find("unexpected ']'") != std::string_view::npos;
  if (closes && previous_token(text, offset) == ',') {
    return "remove the comma before the closing bracket; JSON allows no comma after the last member";
  }
  if (problem.find("end of input") != std::string_view::npos) {
    return "close every { and [ that is opened; the text ends inside a value";
  }
  if (problem.find("comment") != std::string_view::npos) return "close the comment with */";
  if (problem.find("UTF-8") != std::string_view::npos) return "save the file as UTF-8";
  if (problem.find("invalid literal") != std::string_view::npos) {
    return "put strings and keys in double quotes; write true, false and null in lower case";
  }
  return "check the JSON here: keys and strings in double quotes, members separated by commas, "
         "no comma after the last member";
}

// The parser rejects a number too large for a double ("1e400") without a
// position. Its message quotes the number, so the first occurrence of that
// text in the file gives the line and column.
InputError number_overflow(const nlohmann::json::out_of_range& error, std::string_view text,
                           const std::string& source) {
  std::string what = error.what();
  std::string number;
  std::size_t open = what.find("parsing '");
  if (open != std::string::npos) {
    open += 9;
    number = what.substr(open, what.find('\'', open) - open);
  }

  InputError::Place place{source, 0, 0, ""};
  std::size_t offset = number.empty() ? std::string_view::npos : text.find(number);
  if (offset != std::string_view::npos) {
    TextPosition position = position_of(text, offset);
    place.line = position.line;
    place.column = position.column;
  }
  return InputError(place, "number out of range", number,
                    "write a number within the range of a double, about 1.8e308 in magnitude");
}

}  // namespace

TextPosition position_of(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  TextPosition position;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  }
  position.column = static_cast<int>(offset - line_start) + 1;
  return position;
}

nlohmann::json parse_json_with_comments(std::string_view text, const std::string& source) {
  DuplicateKeyGuard guard(source);
  nlohmann::json::parser_callback_t callback = [&guard](int, ParseEvent event, nlohmann::json& parsed) {
    return guard.on_event(event, parsed);
  };

  try {
    return nlohmann::json::parse(text, callback, true, true);
  } catch (const nlohmann::json::parse_error& error) {
    // The parser reports the 1-based count of bytes read, the last of which
    // is the one it could not accept.
    std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
    TextPosition position = position_of(text, offset);
    std::string problem = syntax_problem(error);
    throw InputError(InputError::Place{source, position.line, position.column, ""}, problem,
                     line_at(text, offset), syntax_fix(problem, text, offset));
  } catch (const nlohmann::json::out_of_range& error) {
    throw number_overflow(error, text, source);
  }
}

}  // namespace freezedrill::loader_detail
