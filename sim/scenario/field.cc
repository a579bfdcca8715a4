#include "sim/scenario/field.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/error.h"

namespace freezedrill::loader_detail {
namespace {

constexpr std::size_t kMaxValueChars = 80;
// Just below the largest int64 (about 9.22e18): a whole double at or above
// it cannot be read as an int64.
constexpr double kInt64Magnitude = 9.2e18;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of two adjacent characters each cost one.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;

  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// "a string", "an object": the JSON type of a value with its article.
std::string type_phrase(const nlohmann::json& value) {
  if (value.is_null()) return "null";
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  return "a number";
}

// For a quoted number or boolean ("3", "true"), the same text without quotes.
std::optional<std::string> unquoted(const nlohmann::json& value) {
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !(parsed.is_number() || parsed.is_boolean())) return std::nullopt;
  return text;
}

const char* const kDurationFix =
    "write a number and a unit (us, ms, s, m, h, d) as a string, such as \"250ms\", \"1.5s\" or \"2m\"";
const char* const kRateFix =
    "write a number, a slash and a unit (s, m or h) as a string, such as \"0.5/s\" or \"30/m\"";

}  // namespace

std::string show_value(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() <= kMaxValueChars) return text;

  // Cut on a character boundary: never inside a multi-byte UTF-8 sequence.
  std::size_t cut = kMaxValueChars - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

std::string child_pointer(const std::string& parent, std::string_view key) {
  std::string out = parent + "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string child_pointer(const std::string& parent, std::size_t index) {
  return fmt::format("{}/{}", parent, index);
}

std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::string wanted = lower(name);
  // Short names allow one edit, longer ones two: beyond that a match is a guess.
  std::size_t limit = wanted.size() <= 4 ? 1 : 2;

  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    std::size_t d = edit_distance(wanted, lower(candidate));
    if (d < best_distance && d < wanted.size()) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string fix_for_unknown(std::string_view name, const std::vector<std::string>& allowed, std::string_view what) {
  if (auto suggestion = closest_name(name, allowed)) {
    return fmt::format("did you mean \"{}\"? The allowed {} are: {}", *suggestion, what, join_names(allowed));
  }
  return fmt::format("use one of the allowed {}: {}", what, join_names(allowed));
}

void Field::fail(std::string problem, std::string fix) const {
  throw InputError(InputError::Place{*source_, 0, 0, pointer_}, std::move(problem), show_value(*value_),
                   std::move(fix));
}

void Field::fail_type(std::string_view expected, std::string fix) const {
  if (auto text = unquoted(*value_)) fix = fmt::format("remove the quotes: write {}", *text);
  fail(fmt::format("expected {}, got {}", expected, type_phrase(*value_)), std::move(fix));
}

void Field::reject_float_for_integer(const std::string& fix) const {
  if (!value_->is_number_float()) return;
  // The parser stores integers beyond 64 bits as doubles, so a whole
  // double is an integer out of range, and "3.0" is a fraction to remove.
  double v = value_->get<double>();
  if (std::trunc(v) == v && std::fabs(v) >= kInt64Magnitude) fail("integer out of range", fix);
  fail("expected an integer, got a number with a fraction or an exponent", fix);
}

std::string Field::as_string(bool allow_empty) const {
  if (!value_->is_string()) fail_type("a string", "put the text in double quotes");
  const std::string& text = value_->get_ref<const std::string&>();
  if (text.empty() && !allow_empty) fail("empty string", "write a non-empty string");
  return text;
}

std::string Field::as_name(std::string_view charset_rule, bool (*allowed)(char)) const {
  std::string text = as_string();
  for (char c : text) {
    if (!allowed(c)) {
      fail(fmt::format("invalid name: the character '{}' is not allowed", c),
           fmt::format("use only {}", charset_rule));
    }
  }
  return text;
}

std::string Field::as_choice(const std::vector<std::string>& allowed, std::string_view what) const {
  if (!value_->is_string()) {
    fail_type("a string", fmt::format("write one of the {} as a string: {}", what, join_names(allowed)));
  }
  const std::string& text = value_->get_ref<const std::string&>();
  if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
    fail(fmt::format("unknown value \"{}\"", text), fix_for_unknown(text, allowed, what));
  }
  return text;
}

std::int64_t Field::as_integer(std::int64_t min, std::int64_t max) const {
  std::string range_fix = max == std::numeric_limits<std::int64_t>::max()
                              ? fmt::format("write a whole number of {} or more", min)
                              : fmt::format("write a whole number from {} to {}", min, max);
  reject_float_for_integer(range_fix);
  if (!value_->is_number_integer()) fail_type("an integer", range_fix);

  // Unsigned values above the int64 range are out of range, not wrapped.
  if (value_->is_number_unsigned() &&
      value_->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    fail("integer out of range", range_fix);
  }
  std::int64_t v = value_->get<std::int64_t>();
  if (v < min || v > max) fail(fmt::format("{} is out of range", v), range_fix);
  return v;
}

std::uint64_t Field::as_unsigned() const {
  const char* fix = "write a whole number of 0 or more, such as 7";
  reject_float_for_integer(fix);
  if (!value_->is_number_integer()) fail_type("an integer", fix);
  if (!value_->is_number_unsigned() && value_->get<std::int64_t>() < 0) fail("negative integer", fix);
  return value_->get<std::uint64_t>();
}

double Field::as_number(double min, double max) const {
  std::string range_fix = std::isinf(max) ? fmt::format("write a number of {} or more", min)
                                          : fmt::format("write a number from {} to {}", min, max);
  if (!value_->is_number()) fail_type("a number", range_fix);
  double v = value_->get<double>();
  if (v < min || v > max) fail(fmt::format("{} is out of range", show_value(*value_)), range_fix);
  return v;
}

bool Field::as_bool() const {
  if (!value_->is_boolean()) fail_type("a boolean", "write true or false without quotes");
  return value_->get<bool>();
}

Micros Field::as_duration(DurationRule rule) const {
  if (!value_->is_string()) {
    std::string fix = kDurationFix;
    if (value_->is_number_integer()) fix = fmt::format("add a unit: write \"{}s\" for seconds", show_value(*value_));
    fail_type("a duration string", fix);
  }
  const std::string& text = value_->get_ref<const std::string&>();
  if (!text.empty() && text[0] == '-') {
    fail("negative duration", rule.min <= 0 ? "durations cannot be negative; write \"0s\" or more"
                                            : "durations cannot be negative; write a positive duration such as \"1s\"");
  }
  std::optional<Micros> parsed = parse_duration(text);
  if (!parsed) fail("invalid duration", kDurationFix);

  Micros d = *parsed;
  if (d < rule.min) {
    if (rule.min == 1) fail("duration must be greater than 0", "write a positive duration such as \"1s\"");
    fail(fmt::format("duration must be at least {}", format_duration(rule.min)),
         fmt::format("write \"{}\" or more", format_duration(rule.min)));
  }
  if (rule.whole_seconds && d % kMicrosPerSecond != 0) {
    Micros below = d / kMicrosPerSecond * kMicrosPerSecond;
    Micros above = below + kMicrosPerSecond;
    std::string fix = below >= rule.min && below > 0
                          ? fmt::format("write \"{}\" or \"{}\"", format_duration(below), format_duration(above))
                          : fmt::format("write \"{}\"", format_duration(above));
    fail("duration must be a whole number of seconds", fix);
  }
  return d;
}

Rate Field::as_rate() const {
  if (!value_->is_string()) fail_type("a rate string", kRateFix);
  const std::string& text = value_->get_ref<const std::string&>();
  std::optional<Rate> parsed = parse_rate(text);
  if (!parsed) fail("invalid rate", kRateFix);

  if (parsed->is_zero()) {
    fail("rate is zero", "write a rate above zero such as \"1/s\"; to stop the traffic, remove the entry");
  }
  // Rates are stored and printed per second with six decimals; a smaller
  // rate would print as zero and change meaning when read back.
  if (!parse_rate(format_rate(*parsed)).value_or(Rate{}).numerator) {
    fail("rate is below the smallest rate, 0.000001/s", "write \"0.000001/s\" or more");
  }
  return *parsed;
}

std::vector<Field> Field::as_array(std::size_t min_size, std::string_view what) const {
  if (!value_->is_array()) fail_type("an array", fmt::format("write a JSON array of {}: [ ... ]", what));
  if (value_->size() < min_size) {
    fail(fmt::format("at least {} {} required", min_size, min_size == 1 ? "entry is" : "entries are"),
         fmt::format("add {} to the array", what));
  }
  std::vector<Field> out;
  for (std::size_t i = 0; i < value_->size(); ++i) out.emplace_back((*value_)[i], child_pointer(pointer_, i), *source_);
  return out;
}

ObjectField::ObjectField(const Field& field, std::string_view what) : field_(field) {
  if (!field.json().is_object()) {
    field.fail(fmt::format("expected {} to be an object, got {}", what, type_phrase(field.json())),
               fmt::format("write {} as a JSON object: {{ \"key\": value, ... }}", what));
  }
}

bool ObjectField::has(std::string_view key) const { return field_.json().contains(key); }

void ObjectField::allow_keys(const std::vector<std::string>& allowed) const {
  for (const auto& [key, value] : field_.json().items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    Field unknown(value, child_pointer(field_.pointer(), key), field_.source());
    unknown.fail(fmt::format("unknown key \"{}\"", key), fix_for_unknown(key, allowed, "keys here"));
  }
}

std::optional<Field> ObjectField::find(std::string_view key) const {
  auto it = field_.json().find(key);
  if (it == field_.json().end()) return std::nullopt;
  return Field(*it, child_pointer(field_.pointer(), key), field_.source());
}

Field ObjectField::require(std::string_view key, std::string_view fix) const {
  if (auto found = find(key)) return *found;
  throw InputError(InputError::Place{field_.source(), 0, 0, child_pointer(field_.pointer(), key)},
                   fmt::format("missing required key \"{}\"", key), "", std::string(fix));
}

std::string ObjectField::string_or(std::string_view key, std::string fallback) const {
  auto found = find(key);
  return found ? found->as_string() : fallback;
}

std::string ObjectField::choice_or(std::string_view key, const std::vector<std::string>& allowed,
                                   std::string fallback, std::string_view what) const {
  auto found = find(key);
  return found ? found->as_choice(allowed, what) : fallback;
}

std::int64_t ObjectField::integer_or(std::string_view key, std::int64_t min, std::int64_t max,
                                     std::int64_t fallback) const {
  auto found = find(key);
  return found ? found->as_integer(min, max) : fallback;
}

double ObjectField::number_or(std::string_view key, double min, double max, double fallback) const {
  auto found = find(key);
  return found ? found->as_number(min, max) : fallback;
}

bool ObjectField::bool_or(std::string_view key, bool fallback) const {
  auto found = find(key);
  return found ? found->as_bool() : fallback;
}

Micros ObjectField::duration_or(std::string_view key, DurationRule rule, Micros fallback) const {
  auto found = find(key);
  return found ? found->as_duration(rule) : fallback;
}

std::optional<Micros> ObjectField::optional_duration(std::string_view key, DurationRule rule) const {
  auto found = find(key);
  if (!found || found->is_null()) return std::nullopt;
  return found->as_duration(rule);
}

std::optional<Rate> ObjectField::optional_rate(std::string_view key) const {
  auto found = find(key);
  if (!found || found->is_null()) return std::nullopt;
  return found->as_rate();
}

}  // namespace freezedrill::loader_detail
