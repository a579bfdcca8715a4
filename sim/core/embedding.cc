#include "sim/core/embedding.h"

#include <cmath>
#include <cstdint>

#include "sim/core/answer_masks.h"
#include "sim/core/hash.h"

namespace freezedrill {
namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Replaces every occurrence of rule.find, scanning left to right, so a
// replacement is never matched again.
std::string apply_mask(const std::string& text, const MaskRule& rule) {
  std::string find = lower_case(rule.find);
  if (find.empty()) return text;

  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find(find); at != std::string::npos; at = text.find(find, from)) {
    out.append(text, from, at - from);
    out += rule.replace;
    from = at + find.size();
  }
  out.append(text, from, std::string::npos);
  return out;
}

std::string mask_digit_runs(const std::string& text) {
  std::string out;
  bool in_run = false;
  for (char c : text) {
    if (!ascii_digit(c)) {
      out += c;
      in_run = false;
      continue;
    }
    if (!in_run) out += '#';
    in_run = true;
  }
  return out;
}

void add_gram(std::string_view gram, std::vector<std::int64_t>& counts) {
  std::uint64_t h = fnv1a64(gram);
  std::size_t bucket = static_cast<std::size_t>(h % counts.size());
  counts[bucket] += (h >> 63) != 0 ? -1 : 1;
}

double norm_of(const std::vector<float>& v) {
  double sum = 0.0;
  for (float x : v) sum += static_cast<double>(x) * static_cast<double>(x);
  return std::sqrt(sum);
}

}  // namespace

std::string normalise_answer(std::string_view text, const NormaliseRules& rules) {
  std::string out = lower_case(text);
  for (const MaskRule& rule : rules.masks) {
    out = rule.kind == MaskKind::kLiteral ? apply_mask(out, rule) : apply_pattern_mask(out, rule);
  }
  if (rules.mask_digits) out = mask_digit_runs(out);
  return out;
}

std::vector<float> embed_text(std::string_view normalised, const EmbeddingParams& params) {
  auto n = static_cast<std::size_t>(params.ngram);
  std::vector<std::int64_t> counts(static_cast<std::size_t>(params.buckets), 0);
  if (!normalised.empty() && normalised.size() < n) add_gram(normalised, counts);
  for (std::size_t i = 0; normalised.size() >= n && i + n <= normalised.size(); ++i) {
    add_gram(normalised.substr(i, n), counts);
  }

  // The counts are integers far below 2^53, so the sum of squares is exact
  // and only the square root and the divisions round.
  double sum = 0.0;
  for (std::int64_t c : counts) sum += static_cast<double>(c) * static_cast<double>(c);
  std::vector<float> v(counts.size(), 0.0F);
  if (sum == 0.0) return v;
  double norm = std::sqrt(sum);
  for (std::size_t i = 0; i < counts.size(); ++i) v[i] = static_cast<float>(static_cast<double>(counts[i]) / norm);
  return v;
}

bool empty_embedding(const std::vector<float>& v) {
  for (float x : v) {
    if (x != 0.0F) return false;
  }
  return true;
}

double delta_s(const std::vector<float>& a, const std::vector<float>& b) {
  bool a_empty = empty_embedding(a);
  bool b_empty = empty_embedding(b);
  if (a_empty && b_empty) return 0.0;
  if (a_empty || b_empty || a.size() != b.size()) return 1.0;
  // The rounded cosine of a vector with itself can miss 1 by an ulp.
  if (a == b) return 0.0;

  double dot = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) dot += static_cast<double>(a[i]) * static_cast<double>(b[i]);
  double cos = dot / (norm_of(a) * norm_of(b));
  double drift = 1.0 - cos;
  if (drift < 0.0) return 0.0;
  if (drift > 1.0) return 1.0;
  return drift;
}

}  // namespace freezedrill
