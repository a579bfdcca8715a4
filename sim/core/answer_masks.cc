#include "sim/core/answer_masks.h"

#include <cstddef>

namespace freezedrill {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool hex_digit(char c) { return digit(c) || (c >= 'a' && c <= 'f'); }
bool word_char(char c) { return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A cursor over the text that consumes expected shapes and reports whether
// they were there. A failed step leaves `at` unchanged.
struct Scanner {
  std::string_view text;
  std::size_t at = 0;

  bool peek(char c) const { return at < text.size() && text[at] == c; }

  bool literal(char c) {
    if (!peek(c)) return false;
    ++at;
    return true;
  }

  bool digits(std::size_t count) {
    if (at + count > text.size()) return false;
    for (std::size_t i = 0; i < count; ++i) {
      if (!digit(text[at + i])) return false;
    }
    at += count;
    return true;
  }

  bool hex_digits(std::size_t count) {
    if (at + count > text.size()) return false;
    for (std::size_t i = 0; i < count; ++i) {
      if (!hex_digit(text[at + i])) return false;
    }
    at += count;
    return true;
  }

  // Consumes `shape` whole or nothing.
  template <typename Shape>
  bool optional(Shape shape) {
    std::size_t saved = at;
    if (shape(*this)) return true;
    at = saved;
    return false;
  }
};

bool date(Scanner& s) { return s.digits(4) && s.literal('-') && s.digits(2) && s.literal('-') && s.digits(2); }

// "z", or a sign and hh, then optionally mm with or without a colon.
bool offset(Scanner& s) {
  if (s.literal('z')) return true;
  if (!s.literal('+') && !s.literal('-')) return false;
  if (!s.digits(2)) return false;
  if (!s.optional([](Scanner& t) { return t.literal(':') && t.digits(2); })) s.digits(2);
  return true;
}

bool fraction(Scanner& s) {
  if (!s.literal('.') || !s.digits(1)) return false;
  while (s.digits(1)) continue;
  return true;
}

// "t12:30", then optionally ":45", a fraction and an offset.
bool time_of_day(Scanner& s) {
  if (!s.literal('t') && !s.literal(' ')) return false;
  if (!(s.digits(2) && s.literal(':') && s.digits(2))) return false;
  if (s.optional([](Scanner& t) { return t.literal(':') && t.digits(2); })) s.optional(fraction);
  s.optional(offset);
  return true;
}

std::size_t match_timestamp(std::string_view text, std::size_t from) {
  Scanner s{text, from};
  if (!date(s)) return 0;
  s.optional(time_of_day);
  return s.at - from;
}

std::size_t match_uuid(std::string_view text, std::size_t from) {
  Scanner s{text, from};
  bool ok = s.hex_digits(8) && s.literal('-') && s.hex_digits(4) && s.literal('-') && s.hex_digits(4) &&
            s.literal('-') && s.hex_digits(4) && s.literal('-') && s.hex_digits(12);
  return ok ? s.at - from : 0;
}

std::size_t match_hex_id(std::string_view text, std::size_t from, int min_length) {
  std::size_t end = from;
  bool has_decimal = false;
  while (end < text.size() && hex_digit(text[end])) {
    has_decimal = has_decimal || digit(text[end]);
    ++end;
  }
  std::size_t length = end - from;
  if (!has_decimal || length < static_cast<std::size_t>(min_length)) return 0;
  return length;
}

// The length of the match starting at `from`, or 0 when none starts there.
std::size_t match_at(std::string_view text, std::size_t from, const MaskRule& rule) {
  switch (rule.kind) {
    case MaskKind::kIsoTimestamp: return match_timestamp(text, from);
    case MaskKind::kUuid: return match_uuid(text, from);
    case MaskKind::kHexId: return match_hex_id(text, from, rule.min_length);
    case MaskKind::kLiteral: return 0;
  }
  return 0;
}

}  // namespace

std::string apply_pattern_mask(const std::string& text, const MaskRule& rule) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool at_word_start = i == 0 || !word_char(text[i - 1]);
    std::size_t length = at_word_start ? match_at(text, i, rule) : 0;
    bool at_word_end = length > 0 && (i + length == text.size() || !word_char(text[i + length]));
    if (length > 0 && at_word_end) {
      out += rule.replace;
      i += length;
      continue;
    }
    out += text[i];
    ++i;
  }
  return out;
}

}  // namespace freezedrill
