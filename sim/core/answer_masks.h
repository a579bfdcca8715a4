#ifndef FREEZEDRILL_SIM_CORE_ANSWER_MASKS_H_
#define FREEZEDRILL_SIM_CORE_ANSWER_MASKS_H_

#include <string>
#include <string_view>

#include "sim/core/embedding.h"

// The pattern masks of read-drift normalisation. They run on lower-cased
// text, and a match must not continue a word: the byte before and after it is
// not an ASCII letter or digit, so "build-2026-03-01x" keeps its date.
//
// - kIsoTimestamp: a date YYYY-MM-DD, optionally followed by "t" or a space
//   and hh:mm, then optionally :ss, a fraction .d+ and an offset "z",
//   +hh:mm, +hhmm or +hh (or with "-"). Only the shape is checked, not the
//   ranges, so "2026-13-45" is masked too.
// - kUuid: 8-4-4-4-12 hex digits separated by hyphens (RFC 9562 layout),
//   any version.
// - kHexId: a run of hex digits at least `min_length` long that contains at
//   least one decimal digit, so English words made of a-f ("facade") stay.
namespace freezedrill {

// Replaces every non-overlapping match of `rule`, scanning left to right.
// REQUIRES: rule.kind is not kLiteral.
std::string apply_pattern_mask(const std::string& text, const MaskRule& rule);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CORE_ANSWER_MASKS_H_
