#include <gtest/gtest.h>

#include <string>

#include "sim/checks/banner.h"
#include "sim/checks/check.h"

namespace freezedrill {
namespace {

// Epoch 2026-03-01T02:00:00Z; S = 60 s, E = 240 s, announce_lead 30 s, soak 30 s.
constexpr Micros kS = 60 * kMicrosPerSecond;
constexpr Micros kE = 240 * kMicrosPerSecond;
constexpr Micros kLead = 30 * kMicrosPerSecond;
constexpr Micros kSoak = 30 * kMicrosPerSecond;
constexpr Micros kMaxStale = 60 * kMicrosPerSecond;
constexpr const char* kStartText = "2026-03-01T02:01:00+00:00";
constexpr const char* kEndText = "2026-03-01T02:04:00+00:00";

History make_history() {
  History h;
  h.header().epoch = "2026-03-01T02:00:00Z";
  h.header().epoch_unix = 1772330400;
  h.header().start = kS;
  h.header().end = kE;
  h.header().announce_lead = kLead;
  h.header().soak = kSoak;
  h.header().duration = 600 * kMicrosPerSecond;
  return h;
}

void publish(History& h, Micros t, std::uint32_t version, const char* kind, const char* start = kStartText,
             const char* end = kEndText) {
  h.append(t, ev::BannerPublished{version, h.intern(kind), h.intern(start), h.intern(end), h.intern("oncall@x"),
                                  h.intern("roll back to v1")});
}

void post(History& h, Micros t, const char* kind, const char* start = kStartText, const char* end = kEndText) {
  h.append(t, ev::StatusPosted{h.intern(kind), h.intern(start), h.intern(end)});
}

void observe(History& h, Micros t, const char* observer, std::uint32_t version) {
  h.append(t, ev::BannerObserved{h.intern(observer), version, 0, h.intern("hit"), h.intern("public, max-age=0")});
}

// A banner and a status post of one kind at t, stating the given times.
void notify(History& h, Micros t, std::uint32_t version, const char* kind, const char* start = kStartText,
            const char* end = kEndText) {
  publish(h, t, version, kind, start, end);
  post(h, t, kind, start, end);
}

// The announcement at `announce_at`, the banner taken down at E and the
// closure notice at E + soak: versions 1, 2 and 3.
History correct_history(Micros announce_at = kS - kLead) {
  History h = make_history();
  notify(h, announce_at, 1, "announce");
  h.append(kS, ev::FlagSet{true, h.intern("operator")});
  h.append(kE, ev::FlagSet{false, h.intern("operator")});
  publish(h, kE, 2, "removed");
  notify(h, kE + kSoak, 3, "closure");
  return h;
}

CheckResult run_check(const History& h) {
  return BannerCheck().run(h, CheckOptions(nlohmann::json{{"max_stale", "60s"}}));
}

TEST(Unit, BannerCorrectRunbookPasses) {
  CheckResult r = run_check(correct_history());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

TEST(Unit, BannerPublishedExactlyAnnounceLeadBeforeStartPasses) {
  CheckResult r = run_check(correct_history(kS - kLead));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

TEST(Unit, BannerPublishedOneMicrosecondLateFails) {
  CheckResult r = run_check(correct_history(kS - kLead + 1));
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.summary.find("announcement"), std::string::npos) << r.summary;
}

TEST(Unit, BannerStartOffByOneSecondFails) {
  History h = make_history();
  publish(h, kS - kLead, 1, "announce", "2026-03-01T02:01:01+00:00");
  post(h, kS - kLead, "announce");
  notify(h, kE + kSoak, 2, "closure");
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.summary.find("+1 s"), std::string::npos) << r.summary;
}

TEST(Unit, BannerEndOffByOneSecondFails) {
  History h = make_history();
  publish(h, kS - kLead, 1, "announce");
  post(h, kS - kLead, "announce", kStartText, "2026-03-01T02:03:59+00:00");
  notify(h, kE + kSoak, 2, "closure");
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.summary.find("-1 s"), std::string::npos) << r.summary;
}

TEST(Unit, BannerOtherOffsetSameInstantPasses) {
  History h = make_history();
  notify(h, kS - kLead, 1, "announce", "2026-03-01T03:01:00+01:00", "2026-03-01T03:04:00+01:00");
  notify(h, kE + kSoak, 2, "closure");
  EXPECT_EQ(run_check(h).verdict, Verdict::kPass);
}

TEST(Unit, BannerTimeWithoutOffsetFails) {
  History h = make_history();
  publish(h, kS - kLead, 1, "announce", "2026-03-01 02:01", "2026-03-01 02:04");
  post(h, kS - kLead, "announce");
  notify(h, kE + kSoak, 2, "closure");
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.summary.find("UTC offset"), std::string::npos) << r.summary;
}

TEST(Unit, BannerMissingContactFails) {
  History h = make_history();
  h.append(kS - kLead, ev::BannerPublished{1, h.intern("announce"), h.intern(kStartText), h.intern(kEndText),
                                           h.intern(""), h.intern("roll back")});
  post(h, kS - kLead, "announce");
  notify(h, kE + kSoak, 2, "closure");
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.summary.find("contact"), std::string::npos) << r.summary;
}

TEST(Unit, BannerMissingStatusPostFails) {
  History h = make_history();
  publish(h, kS - kLead, 1, "announce");
  notify(h, kE + kSoak, 2, "closure");
  EXPECT_EQ(run_check(h).verdict, Verdict::kFail);
}

TEST(Unit, BannerMissingClosureFails) {
  History h = make_history();
  notify(h, kS - kLead, 1, "announce");
  h.append(kE, ev::FlagSeen{0, false});
  publish(h, kE, 2, "removed");
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.summary.find("closure"), std::string::npos) << r.summary;
}

TEST(Unit, BannerClosureStatusPostAloneFails) {
  History h = make_history();
  notify(h, kS - kLead, 1, "announce");
  post(h, kE + kSoak, "closure");
  EXPECT_EQ(run_check(h).verdict, Verdict::kFail);
}

TEST(Unit, BannerClosureBeforeEndFails) {
  History h = make_history();
  notify(h, kS - kLead, 1, "announce");
  notify(h, kE - 1, 2, "closure");
  EXPECT_EQ(run_check(h).verdict, Verdict::kFail);
}

TEST(Unit, BannerClosureNotYetDueIsInconclusive) {
  History h = make_history();
  h.header().duration = kE + kSoak - 1;
  notify(h, kS - kLead, 1, "announce");
  h.append(kE, ev::FlagSeen{0, false});
  EXPECT_EQ(run_check(h).verdict, Verdict::kInconclusive);
}

TEST(Unit, BannerExtensionAnnouncedPasses) {
  History h = make_history();
  const char* new_end = "2026-03-01T02:06:00+00:00";
  notify(h, kS - kLead, 1, "announce");
  h.append(150 * kMicrosPerSecond, ev::WindowExtended{360 * kMicrosPerSecond, h.intern("operator")});
  publish(h, 150 * kMicrosPerSecond, 2, "extension", kStartText, new_end);
  post(h, 150 * kMicrosPerSecond, "update", kStartText, new_end);
  notify(h, 390 * kMicrosPerSecond, 3, "closure", kStartText, new_end);
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

TEST(Unit, BannerExtensionNotAnnouncedFails) {
  History h = make_history();
  const char* new_end = "2026-03-01T02:06:00+00:00";
  notify(h, kS - kLead, 1, "announce");
  h.append(150 * kMicrosPerSecond, ev::WindowExtended{360 * kMicrosPerSecond, h.intern("operator")});
  notify(h, 390 * kMicrosPerSecond, 2, "closure", kStartText, new_end);
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.summary.find("extensions"), std::string::npos) << r.summary;
}

TEST(Unit, BannerExtensionStatingOldEndFails) {
  History h = make_history();
  notify(h, kS - kLead, 1, "announce");
  h.append(150 * kMicrosPerSecond, ev::WindowExtended{360 * kMicrosPerSecond, h.intern("operator")});
  publish(h, 150 * kMicrosPerSecond, 2, "extension");
  post(h, 150 * kMicrosPerSecond, "update");
  EXPECT_EQ(run_check(h).verdict, Verdict::kFail);
}

TEST(Unit, BannerObserverAtMaxStalePasses) {
  History h = correct_history();
  observe(h, kS - kLead - 1, "tab#0", 0);
  observe(h, kS - kLead + kMaxStale, "tab#0", 1);
  observe(h, kE + kMaxStale, "tab#0", 2);
  observe(h, kE + kSoak + kMaxStale, "tab#0", 3);
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

TEST(Unit, BannerObserverMicrosecondLateFails) {
  History h = correct_history();
  observe(h, kS - kLead + kMaxStale, "tab#0", 0);
  observe(h, kS - kLead + kMaxStale + 1, "tab#0", 1);
  observe(h, kE + kMaxStale, "tab#0", 2);
  observe(h, kE + kSoak + kMaxStale, "tab#0", 3);
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_FALSE(r.evidence.empty());
  EXPECT_EQ(r.evidence.front().actor, "tab#0");
  EXPECT_EQ(r.evidence.front().t, kS - kLead + kMaxStale);
}

TEST(Unit, BannerObserverWithoutLatePollIsInconclusive) {
  History h = correct_history();
  observe(h, kS - kLead + kMaxStale, "tab#0", 1);
  observe(h, kE + kMaxStale, "tab#0", 2);
  observe(h, kE + kSoak + kMaxStale - 1, "tab#0", 2);
  CheckResult r = run_check(h);
  EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
}

TEST(Unit, BannerObserverRuleNeedsObservers) {
  CheckResult r = run_check(correct_history());
  bool found = false;
  for (const Figure& f : r.figures) {
    if (f.name == "observers_verdict") {
      found = true;
      EXPECT_EQ(std::get<std::string>(f.value), "not_applicable");
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace freezedrill
