#ifndef FREEZEDRILL_SIM_HISTORY_JSONL_CODEC_H_
#define FREEZEDRILL_SIM_HISTORY_JSONL_CODEC_H_

#include <nlohmann/json.hpp>

#include "sim/history/history.h"
#include "sim/history/jsonl_fields.h"

namespace freezedrill {

// Internal to the JSON Lines reader and writer of histories: the codecs of
// the header line and of the event lines.

// Reads the header line. Checks "type", "format" and "format_version"
// before anything else, so a history from a newer freezedrill is reported
// as such rather than as a list of unknown fields.
HistoryHeader header_from_json(const nlohmann::json& line, const LinePlace& place);

// The members of an event line other than "t" and "kind".
LineMembers encode_event_fields(const Event& event, const History& history);

// Reads one event line, interning its strings and adding its embedding to
// `history`. Does not append the event.
Event decode_event(const nlohmann::json& line, const LinePlace& place, History& history);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_HISTORY_JSONL_CODEC_H_
