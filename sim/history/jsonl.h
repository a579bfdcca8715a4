#ifndef FREEZEDRILL_SIM_HISTORY_JSONL_H_
#define FREEZEDRILL_SIM_HISTORY_JSONL_H_

#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/error.h"
#include "sim/history/history.h"

namespace freezedrill {

// JSON Lines form of a history: line 1 is the header object with
// "type": "header"; every later line is one event with "t" (microseconds),
// "kind" (event_kind_name) and the event's fields by name, interned strings
// written as text. Output is byte-identical for identical histories.

nlohmann::json header_to_json(const HistoryHeader& h);
void write_history_jsonl(const History& history, std::ostream& out);

// Reads a history written by write_history_jsonl (or by hand). Any invalid
// line throws InputError naming the source, the line, the field and the fix.
History read_history_jsonl(std::istream& in, const std::string& source_name);
History read_history_file(const std::string& path);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_HISTORY_JSONL_H_
