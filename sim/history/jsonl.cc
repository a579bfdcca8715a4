#include "sim/history/jsonl.h"

#include <fmt/format.h>

#include <fstream>
#include <istream>
#include <limits>
#include <ostream>

#include "sim/history/jsonl_codec.h"

namespace freezedrill {
namespace {

using nlohmann::json;

// Writes one line: the leading members in the given order, then the rest
// in key order.
void write_line(std::ostream& out, std::string_view leading, const LineMembers& rest) {
  out << '{' << leading;
  for (const auto& [key, value] : rest) out << ',' << dump_json(json(key)) << ':' << value;
  out << "}\n";
}

void write_header(std::ostream& out, const HistoryHeader& header) {
  json object = header_to_json(header);
  LineMembers rest;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.key() != "type") rest[it.key()] = dump_json(it.value());
  }
  write_line(out, "\"type\":\"header\"", rest);
}

void write_event(std::ostream& out, const Event& event, const History& history) {
  std::string leading = fmt::format("\"t\":{},\"kind\":\"{}\"", event.t, event_kind_name(event));
  write_line(out, leading, encode_event_fields(event, history));
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

json parse_line(const std::string& line, const LinePlace& place) {
  json object;
  try {
    object = json::parse(line);
  } catch (const json::parse_error& e) {
    // nlohmann::json reports the byte position of the error; the line is
    // parsed on its own, so that position is the column.
    int column = static_cast<int>(std::min<std::size_t>(e.byte, static_cast<std::size_t>(std::numeric_limits<int>::max())));
    throw InputError(InputError::Place{place.source, place.line, column, ""}, "malformed JSON", "",
                     "write each line of a history as one complete JSON object");
  }
  if (!object.is_object()) {
    throw InputError(InputError::Place{place.source, place.line, 0, ""}, "the line is not a JSON object",
                     dump_json(object).substr(0, 80), "write each line of a history as one JSON object");
  }
  return object;
}

void check_time_order(const Event& event, Micros previous, const LinePlace& place) {
  if (event.t >= previous) return;
  throw InputError(InputError::Place{place.source, place.line, 0, "/t"},
                   fmt::format("event out of time order: t {} is before the previous event's t {}", event.t, previous),
                   std::to_string(event.t), "order the event lines by t; events at the same t keep their line order");
}

bool is_end_record(const json& object) {
  auto it = object.find("type");
  return it != object.end() && it->is_string() && *it == "end";
}

// Checks the end record: {"type":"end","events":N} with N the number of
// events read. It is how a reader tells a complete history from a cut-off one.
void check_end_record(const json& object, const History& history, const LinePlace& place) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.key() != "type" && it.key() != "events") {
      throw InputError(InputError::Place{place.source, place.line, 0, "/" + it.key()},
                       "unknown field in the end record", dump_json(it.value()).substr(0, 80),
                       "write the end record as {\"type\":\"end\",\"events\":N}");
    }
  }
  auto events = object.find("events");
  if (events == object.end() || !events->is_number_unsigned()) {
    throw InputError(InputError::Place{place.source, place.line, 0, "/events"},
                     "the end record needs the number of events", "",
                     "write the end record as {\"type\":\"end\",\"events\":N}");
  }
  if (events->get<std::uint64_t>() != history.size()) {
    throw InputError(InputError::Place{place.source, place.line, 0, "/events"},
                     fmt::format("the end record counts {} events, but {} were read, so lines are missing",
                                 events->get<std::uint64_t>(), history.size()),
                     dump_json(*events), "use the complete history file that freezedrill run --history-out wrote");
  }
}

}  // namespace

void write_history_jsonl(const History& history, std::ostream& out) {
  write_header(out, history.header());
  for (const Event& event : history.events()) write_event(out, event, history);
  out << "{\"type\":\"end\",\"events\":" << history.size() << "}\n";
}

History read_history_jsonl(std::istream& in, const std::string& source_name) {
  History history;
  LinePlace place{source_name, 0};
  bool have_header = false;
  bool have_end = false;
  Micros previous = 0;

  // Blank lines (a trailing newline, an editor's last empty line) are skipped.
  std::string line;
  while (std::getline(in, line)) {
    ++place.line;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (is_blank(line)) continue;

    json object = parse_line(line, place);
    if (have_end) {
      throw InputError(InputError::Place{place.source, place.line, 0, ""}, "a line follows the end record", "",
                       "end the history with its end record; remove the lines after it");
    }
    if (have_header && is_end_record(object)) {
      check_end_record(object, history, place);
      have_end = true;
      continue;
    }
    if (!have_header) {
      history.header() = header_from_json(object, place);
      have_header = true;
      continue;
    }
    Event event = decode_event(object, place, history);
    check_time_order(event, previous, place);
    previous = event.t;
    history.append_event(std::move(event));
  }

  if (!have_header) {
    throw InputError(InputError::Place{source_name, 1, 0, ""}, "empty history: no header line", "",
                     "give a history written by freezedrill run --history-out; its first line is the header");
  }
  if (!have_end) {
    // Without this, a history cut off before a leaking mutation would pass.
    throw InputError(InputError::Place{source_name, place.line + 1, 0, ""},
                     "the history is incomplete: it has no end record, so the file was cut off", "",
                     "use the complete file that freezedrill run --history-out wrote; a history written by hand "
                     "ends with {\"type\":\"end\",\"events\":N}");
  }
  return history;
}

History read_history_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(InputError::Place{path, 0, 0, ""}, "cannot open the history file", "",
                     "check the path; freezedrill run --history-out FILE writes a history");
  }
  return read_history_jsonl(in, path);
}

}  // namespace freezedrill
