#ifndef FREEZEDRILL_SIM_CORE_EMBEDDING_H_
#define FREEZEDRILL_SIM_CORE_EMBEDDING_H_

#include <string>
#include <string_view>
#include <vector>

namespace freezedrill {

// The deterministic text embedding of read drift, shared by the probe
// surface (which records embeddings) and the read_drift check (which
// compares them). Text is handled as bytes: lower-casing and digit masking
// touch ASCII only, so the result does not depend on a locale.
//
// Floating point is used in a fixed order with +, -, *, / and sqrt only,
// which IEEE 754 rounds exactly, and the project builds with
// -ffp-contract=off, so the same text gives the same vector on any machine.

// What a masking rule matches. Each kind is a fixed hand-written scanner
// over ASCII bytes, not a regular expression, so a rule means the same in
// every implementation and costs one pass over the answer.
enum class MaskKind {
  kLiteral,       // every occurrence of `find`
  kIsoTimestamp,  // ISO 8601 dates and date-times (answer_masks.h)
  kUuid,          // 8-4-4-4-12 hex digits with hyphens
  kHexId,         // a run of at least `min_length` hex digits with at least one decimal digit
};

// One masking rule: every match becomes `replace`.
struct MaskRule {
  std::string find;     // kLiteral only
  std::string replace;
  MaskKind kind = MaskKind::kLiteral;
  int min_length = 8;   // kHexId only
};

// How an answer is normalised before it is embedded.
struct NormaliseRules {
  // Applied in order, after lower-casing. `find` is matched against the
  // lower-cased text, so it is lower-cased too before matching.
  std::vector<MaskRule> masks;
  // Replaces every run of ASCII digits with one "#", after the masks, so a
  // timestamp or an id that changes on every answer does not read as drift.
  bool mask_digits = false;
};

// Lower-cases ASCII letters, then applies the masks and the digit rule.
std::string normalise_answer(std::string_view text, const NormaliseRules& rules);

// The parameters recorded in the history header (embedding_ngram,
// embedding_buckets).
struct EmbeddingParams {
  int ngram = 3;
  int buckets = 256;
};

// Embeds normalised text: each byte n-gram is hashed with 64-bit FNV-1a,
// h % buckets picks the bucket and bit 63 of h the sign (+1 when clear,
// -1 when set), and the bucket counts are then L2-normalised. Text shorter
// than n but not empty counts as one gram, so short answers still differ.
// Returns `buckets` zeros for empty text or when every bucket cancels out.
// REQUIRES: params.ngram >= 1 and params.buckets >= 1.
std::vector<float> embed_text(std::string_view normalised, const EmbeddingParams& params);

// True when the vector has no item or only zeros.
bool empty_embedding(const std::vector<float>& v);

// Delta S = 1 - cos(a, b), clamped to [0, 1]: 0 for two empty vectors, 1
// when exactly one is empty. The cosine is computed in double and divides by
// both norms again, because stored floats are unit length only to rounding.
// Vectors of different sizes come from different parameters and count as
// unrelated (1).
double delta_s(const std::vector<float>& a, const std::vector<float>& b);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CORE_EMBEDDING_H_
