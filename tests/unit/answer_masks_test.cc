#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/core/answer_masks.h"
#include "sim/core/embedding.h"

namespace freezedrill {
namespace {

MaskRule pattern(MaskKind kind, std::string replace, int min_length = 8) {
  MaskRule rule;
  rule.kind = kind;
  rule.replace = std::move(replace);
  rule.min_length = min_length;
  return rule;
}

std::string mask(const std::string& text, const MaskRule& rule) { return apply_pattern_mask(text, rule); }

TEST(AnswerMasks, IsoTimestampForms) {
  MaskRule rule = pattern(MaskKind::kIsoTimestamp, "<t>");
  EXPECT_EQ(mask("on 2026-03-01.", rule), "on <t>.");
  EXPECT_EQ(mask("at 2026-03-01t02:00:07z now", rule), "at <t> now");
  EXPECT_EQ(mask("at 2026-03-01 02:00 utc", rule), "at <t> utc");
  EXPECT_EQ(mask("2026-03-01t02:00:07.123456+01:00", rule), "<t>");
  EXPECT_EQ(mask("2026-03-01t02:00:07-0500", rule), "<t>");
  EXPECT_EQ(mask("2026-03-01t02:00+01", rule), "<t>");
  EXPECT_EQ(mask("{\"last_seen\":\"2026-03-01t02:00:07z\"}", rule), "{\"last_seen\":\"<t>\"}");
}

TEST(AnswerMasks, IsoTimestampMustStandAlone) {
  MaskRule rule = pattern(MaskKind::kIsoTimestamp, "<t>");
  EXPECT_EQ(mask("build-2026-03-01x", rule), "build-2026-03-01x");
  EXPECT_EQ(mask("v12026-03-01", rule), "v12026-03-01");
  EXPECT_EQ(mask("2026-3-01", rule), "2026-3-01");
  // A time part that does not fit leaves the date alone only when the date stands alone.
  EXPECT_EQ(mask("2026-03-01t", rule), "2026-03-01t");
}

TEST(AnswerMasks, IsoTimestampChecksShapeNotRange) {
  EXPECT_EQ(mask("2026-13-45", pattern(MaskKind::kIsoTimestamp, "<t>")), "<t>");
}

TEST(AnswerMasks, UuidMasked) {
  MaskRule rule = pattern(MaskKind::kUuid, "<uuid>");
  EXPECT_EQ(mask("session 0f8fad5b-d9cb-469f-a165-70867728950e ok", rule), "session <uuid> ok");
  EXPECT_EQ(mask("0f8fad5b-d9cb-469f-a165-70867728950e-1", rule), "<uuid>-1");
}

TEST(AnswerMasks, UuidWrongLayoutKept) {
  MaskRule rule = pattern(MaskKind::kUuid, "<uuid>");
  EXPECT_EQ(mask("0f8fad5b-d9cb-469f-a165-70867728950", rule), "0f8fad5b-d9cb-469f-a165-70867728950");
  EXPECT_EQ(mask("0f8fad5bd9cb469fa16570867728950e", rule), "0f8fad5bd9cb469fa16570867728950e");
  EXPECT_EQ(mask("0f8fad5b-d9cb-469f-a165-70867728950ex", rule), "0f8fad5b-d9cb-469f-a165-70867728950ex");
}

TEST(AnswerMasks, HexIdNeedsLengthAndDigit) {
  MaskRule rule = pattern(MaskKind::kHexId, "<hex>", 8);
  EXPECT_EQ(mask("id=deadbeef01 ok", rule), "id=<hex> ok");
  EXPECT_EQ(mask("id=12345678", rule), "id=<hex>");
  EXPECT_EQ(mask("id=1234567", rule), "id=1234567");
  EXPECT_EQ(mask("a defaced facade", rule), "a defaced facade");
  EXPECT_EQ(mask("commit 9fceb02d0ae598e95dc970b74767f19372d61af8x", rule),
            "commit 9fceb02d0ae598e95dc970b74767f19372d61af8x");
}

TEST(AnswerMasks, NormaliseAppliesRulesInOrderBeforeDigits) {
  NormaliseRules rules;
  rules.masks.push_back(pattern(MaskKind::kIsoTimestamp, "<t>"));
  rules.masks.push_back(MaskRule{"Seen ", "", MaskKind::kLiteral, 8});
  rules.mask_digits = true;
  EXPECT_EQ(normalise_answer("Seen 2026-03-01T02:00:07Z by 3 readers", rules), "<t> by # readers");
}

TEST(AnswerMasks, MaskedIsoTimestampDoesNotDrift) {
  NormaliseRules rules;
  rules.masks.push_back(pattern(MaskKind::kIsoTimestamp, "<timestamp>"));
  rules.masks.push_back(pattern(MaskKind::kUuid, "<uuid>"));
  std::string first = R"({"user":"web#1","last_seen":"2026-03-01T02:00:07Z","session":"0f8fad5b-d9cb-469f-a165-70867728950e"})";
  std::string later = R"({"user":"web#1","last_seen":"2026-03-01T02:03:41Z","session":"7c9e6679-7425-40de-944b-e07fc1f90ae7"})";

  EmbeddingParams params;
  double unmasked = delta_s(embed_text(normalise_answer(first, NormaliseRules{}), params),
                            embed_text(normalise_answer(later, NormaliseRules{}), params));
  double masked = delta_s(embed_text(normalise_answer(first, rules), params),
                          embed_text(normalise_answer(later, rules), params));
  EXPECT_GT(unmasked, 0.05);
  EXPECT_EQ(masked, 0.0);
}

}  // namespace
}  // namespace freezedrill
