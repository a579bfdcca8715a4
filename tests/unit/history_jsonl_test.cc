#include "sim/history/jsonl.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <string>

namespace freezedrill {
namespace {

HistoryHeader sample_header() {
  HistoryHeader h;
  h.tool_version = "0.1.0";
  h.scenario = "cron-backfill-during-window";
  h.scenario_hash = "00ff00ff00ff00ff";
  h.service = "search-api";
  h.description = "The nightly backfill must not upsert vectors.";
  h.seed = 18446744073709551615ULL;
  h.epoch = "2026-03-01T02:00:00Z";
  h.epoch_unix = 1772330400;
  h.duration = 360 * kMicrosPerSecond;

  h.mode = "maintenance";
  h.start = 60 * kMicrosPerSecond;
  h.end = 240 * kMicrosPerSecond;
  h.announce_lead = 30 * kMicrosPerSecond;
  h.soak = 15 * kMicrosPerSecond;
  h.retry_after.kind = RetryAfterPolicy::Kind::kUntilEnd;
  h.retry_after.value = 120 * kMicrosPerSecond;
  h.retry_after.form = RetryAfterPolicy::Form::kDate;
  h.retry_after.declared = true;
  h.queue_ack = "202";

  h.endpoints = {{"put_kv", "PUT", "/kv/{key}", true, "put", true}, {"search", "POST", "/search", false, "", false}};
  h.error_code = {"/code", "X-Freeze-Code"};
  h.defects = {"late_flag"};
  h.expect_failure = {"no_write_leak", "drains"};
  h.deployment = {{"instances", 3}, {"flag_propagation", "200ms"}};
  h.surfaces = nlohmann::json::array({{{"kind", "client"}, {"name", "web"}, {"rate", "0.5/s"}}});
  h.faults = nlohmann::json::array({{{"kind", "flag_late"}, {"delay", "3s"}}});

  h.embedding_ngram = 4;
  h.embedding_buckets = 512;
  h.embedding_hash = "fnv1a64-test";

  h.check_options = {{"reads_healthy", {{"p99_ratio", 1.5}, {"max_wait", nullptr}}}};
  h.allow_inconclusive = true;
  return h;
}

// Embedding components chosen to stress exact float round trips.
const std::vector<float> kEmbedding = {0.1f, 1.0f / 3.0f, -0.0f, 1e-20f, std::numeric_limits<float>::max(),
                                       -0.70710677f, 0.0f, 1.0f};

void append_control_events(History& h) {
  h.append(0, ev::PhaseChanged{Phase::kAnnounce});
  h.append(1, ev::FlagSet{true, h.intern("operator")});
  h.append(2, ev::FlagSeen{2, true});
  h.append(3, ev::FlagPolled{h.intern("backfill"), 1, true, false});
  h.append(4, ev::WindowExtended{300 * kMicrosPerSecond, h.intern("operator")});
  h.append(5, ev::FaultInjected{h.intern("flag_late"), 2, h.intern("{\"delay\":\"3s\"}")});
}

void append_request_events(History& h) {
  h.append(10, ev::RequestSent{41, 7, h.intern("web#3"), h.intern("idem-7"), 2, h.intern("put_kv"), true,
                               h.intern("put"), true, 0xabcdef0123456789ULL});

  ev::ResponseReceived r;
  r.request_id = 41;
  r.op_id = 7;
  r.actor = h.intern("web#3");
  r.endpoint = h.intern("put_kv");
  r.write = true;
  r.instance = 1;
  r.status = 423;
  r.sent_at = 10;
  r.retry_after_count = 2;
  r.retry_after_raw = h.intern("120\n120");
  r.retry_after_form = RetryAfterForm::kInvalid;
  r.retry_after_seconds = 120;
  r.retry_after_date = 1772330580;
  r.retry_after_error = h.intern("duplicated (2 field lines)");
  r.date = 1772330460;
  r.error_code = h.intern("read_only");
  r.error_code_source = h.intern("pointer");
  r.content_type = h.intern("application/problem+json");
  r.receipt = h.intern("intent-9");
  r.cache_control = h.intern("no-store");
  r.cache_age = 4;
  r.transport_error = h.intern("timeout");
  h.append(11, r);

  h.append(12, ev::OperationGivenUp{7, h.intern("web#3"), h.intern("idem-7"), h.intern("max_wait"), 6});
  h.append(13, ev::MutationApplied{h.intern("kv"), SinkRole::kIntentQueue, h.intern("k1"), h.intern("web#3"), 41,
                                   h.intern("idem-7"), 9, 2, h.intern("put")});
}

void append_work_events(History& h) {
  h.append(20, ev::WorkStarted{h.intern("backfill"), h.intern("batch"), 5, 0});
  h.append(21, ev::WorkFinished{h.intern("backfill"), h.intern("batch"), 5, 0, h.intern("aborted")});
  h.append(22, ev::WorkerStarted{h.intern("worker"), 3, 1});
}

void append_banner_events(History& h) {
  h.append(30, ev::BannerPublished{2, h.intern("extension"), h.intern("2026-03-01T02:01:00Z"),
                                   h.intern("2026-03-01T02:05:00Z"), h.intern("ops@example.com"),
                                   h.intern("flip the flag off")});
  h.append(31, ev::BannerPurged{h.intern("tag"), h.intern("banner"), false});
  h.append(32, ev::BannerObserved{h.intern("observer#1"), 2, 17, h.intern("stale"), h.intern("max-age=60")});
  h.append(33, ev::StatusPosted{h.intern("update"), h.intern("2026-03-01T02:01:00Z"),
                                h.intern("2026-03-01T02:05:00Z")});
}

void append_queue_events(History& h) {
  std::uint32_t embedding = h.add_embedding(kEmbedding);
  h.append(40, ev::ProbeAnswered{h.intern("q1"), true, h.intern("paris is the capital"), embedding});
  h.append(41, ev::IntentKept{h.intern("idem-7"), h.intern("put_kv"), h.intern("k1"), h.intern("intent-9"),
                              0xfedcba9876543210ULL, h.intern("web#3"), 41});
  h.append(42, ev::IntentDropped{h.intern("idem-8"), h.intern("put_kv"), h.intern("web#4"), 42,
                                 h.intern("non_critical")});
  h.append(43, ev::IntentReplayed{h.intern("idem-7"), h.intern("k1"), h.intern("intent-9"), h.intern("duplicate")});
}

// One event of every kind, every field away from its default.
History sample_history() {
  History h;
  h.header() = sample_header();
  append_control_events(h);
  append_request_events(h);
  append_work_events(h);
  append_banner_events(h);
  append_queue_events(h);
  return h;
}

std::string to_jsonl(const History& h) {
  std::ostringstream out;
  write_history_jsonl(h, out);
  return out.str();
}

// Appends the end record a complete history carries (counting the event
// lines), unless the text is blank or has one already.
std::string with_end_record(const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return text;
  if (text.find("\"type\":\"end\"") != std::string::npos) return text;
  std::istringstream lines(text);
  std::string line;
  std::size_t non_blank = 0;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) ++non_blank;
  }
  std::string out = text;
  if (out.back() != '\n') out += '\n';
  return out + "{\"type\":\"end\",\"events\":" + std::to_string(non_blank - 1) + "}\n";
}

History from_jsonl(const std::string& text) {
  std::istringstream in(with_end_record(text));
  return read_history_jsonl(in, "test.jsonl");
}

History from_jsonl_as_is(const std::string& text) {
  std::istringstream in(text);
  return read_history_jsonl(in, "test.jsonl");
}

template <typename Body>
const Body& find_event(const History& h) {
  for (const Event& e : h.events()) {
    if (const Body* body = std::get_if<Body>(&e.body)) return *body;
  }
  throw std::runtime_error("event kind not in history");
}

// Reads `text` and returns the InputError it raises.
InputError read_error(const std::string& text) {
  try {
    from_jsonl(text);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for:\n" << text;
  return InputError({}, "", "", "");
}

// The header line alone, without the end record that follows it.
std::string header_line() {
  History h;
  h.header() = sample_header();
  std::string text = to_jsonl(h);
  return text.substr(0, text.find('\n') + 1);
}

const std::string kSentLine =
    R"({"t":5,"kind":"request_sent","request_id":1,"op_id":1,"attempt":1,"write":true,"replay":false})";

// Round trips.

TEST(HistoryJsonl, SampleHasEveryEventKind) {
  History h = sample_history();
  std::set<std::size_t> kinds;
  for (const Event& e : h.events()) kinds.insert(e.body.index());
  EXPECT_EQ(kinds.size(), kEventKindCount);
}

TEST(HistoryJsonl, RoundTripGivesIdenticalBytes) {
  std::string first = to_jsonl(sample_history());
  History read = from_jsonl(first);
  EXPECT_EQ(to_jsonl(read), first);
  EXPECT_EQ(read.size(), kEventKindCount);
}

TEST(HistoryJsonl, WritingTwiceGivesIdenticalBytes) {
  EXPECT_EQ(to_jsonl(sample_history()), to_jsonl(sample_history()));
}

TEST(HistoryJsonl, HeaderRoundTrips) {
  HistoryHeader expected = sample_header();
  HistoryHeader h = from_jsonl(to_jsonl(sample_history())).header();
  EXPECT_EQ(h.format, kHistoryFormat);
  EXPECT_EQ(h.format_version, kHistoryFormatVersion);
  EXPECT_EQ(h.tool_version, expected.tool_version);
  EXPECT_EQ(h.scenario, expected.scenario);
  EXPECT_EQ(h.scenario_hash, expected.scenario_hash);
  EXPECT_EQ(h.service, expected.service);
  EXPECT_EQ(h.description, expected.description);
  EXPECT_EQ(h.seed, expected.seed);
  EXPECT_EQ(h.epoch, expected.epoch);
  EXPECT_EQ(h.epoch_unix, expected.epoch_unix);
  EXPECT_EQ(h.duration, expected.duration);
  EXPECT_EQ(h.mode, expected.mode);
  EXPECT_EQ(h.start, expected.start);
  EXPECT_EQ(h.end, expected.end);
  EXPECT_EQ(h.announce_lead, expected.announce_lead);
  EXPECT_EQ(h.soak, expected.soak);
  EXPECT_EQ(h.queue_ack, expected.queue_ack);
  EXPECT_EQ(h.defects, expected.defects);
  EXPECT_EQ(h.expect_failure, expected.expect_failure);
  EXPECT_EQ(h.deployment, expected.deployment);
  EXPECT_EQ(h.surfaces, expected.surfaces);
  EXPECT_EQ(h.faults, expected.faults);
  EXPECT_EQ(h.check_options, expected.check_options);
  EXPECT_EQ(h.allow_inconclusive, expected.allow_inconclusive);
}

TEST(HistoryJsonl, HeaderPolicyAndCatalogueRoundTrip) {
  HistoryHeader h = from_jsonl(to_jsonl(sample_history())).header();
  EXPECT_EQ(h.retry_after.kind, RetryAfterPolicy::Kind::kUntilEnd);
  EXPECT_EQ(h.retry_after.value, 120 * kMicrosPerSecond);
  EXPECT_EQ(h.retry_after.form, RetryAfterPolicy::Form::kDate);
  EXPECT_TRUE(h.retry_after.declared);

  ASSERT_EQ(h.endpoints.size(), 2u);
  EXPECT_EQ(h.endpoints[0].name, "put_kv");
  EXPECT_EQ(h.endpoints[0].method, "PUT");
  EXPECT_EQ(h.endpoints[0].path, "/kv/{key}");
  EXPECT_TRUE(h.endpoints[0].write);
  EXPECT_EQ(h.endpoints[0].mutation, "put");
  EXPECT_TRUE(h.endpoints[0].critical);
  EXPECT_FALSE(h.endpoints[1].write);

  EXPECT_EQ(h.error_code.pointer, "/code");
  EXPECT_EQ(h.error_code.header, "X-Freeze-Code");
  EXPECT_EQ(h.embedding_ngram, 4);
  EXPECT_EQ(h.embedding_buckets, 512);
  EXPECT_EQ(h.embedding_hash, "fnv1a64-test");
}

TEST(HistoryJsonl, HeaderJsonUsesDocumentedKeys) {
  nlohmann::json j = header_to_json(sample_header());
  EXPECT_EQ(j["type"], "header");
  EXPECT_EQ(j["start_us"], 60000000);
  EXPECT_EQ(j["end_us"], 240000000);
  EXPECT_EQ(j["announce_lead_us"], 30000000);
  EXPECT_EQ(j["soak_us"], 15000000);
  EXPECT_EQ(j["duration_us"], 360000000);
  EXPECT_EQ(j["retry_after"], (nlohmann::json{{"kind", "until_end"}, {"value", "120s"}, {"form", "date"},
                                               {"declared", true}}));
  EXPECT_EQ(j["error_code"], (nlohmann::json{{"pointer", "/code"}, {"header", "X-Freeze-Code"}}));
  EXPECT_EQ(j["embedding"], (nlohmann::json{{"ngram", 4}, {"buckets", 512}, {"hash", "fnv1a64-test"}}));
  EXPECT_EQ(j["endpoints"][1]["name"], "search");
}

TEST(HistoryJsonl, LinesStartWithTypeOrTimeAndKind) {
  std::string text = to_jsonl(sample_history());
  EXPECT_EQ(text.rfind("{\"type\":\"header\",", 0), 0u);
  EXPECT_NE(text.find("\n{\"t\":0,\"kind\":\"phase_changed\",\"phase\":\"announce\"}\n"), std::string::npos);
}

TEST(HistoryJsonl, AbsentValuesOmitted) {
  History h;
  h.append(0, ev::MutationApplied{});
  std::string text = to_jsonl(h);
  std::string event_line = text.substr(text.find('\n') + 1);
  EXPECT_EQ(event_line,
            "{\"t\":0,\"kind\":\"mutation_applied\",\"request_id\":0,\"role\":\"protected\"}\n"
            "{\"type\":\"end\",\"events\":1}\n");
}

TEST(HistoryJsonl, AbsentValuesReadAsDefaults) {
  History h = from_jsonl(header_line() + R"({"t":0,"kind":"mutation_applied","request_id":0,"role":"audit"})");
  const auto& m = find_event<ev::MutationApplied>(h);
  EXPECT_EQ(m.sink, kNoStr);
  EXPECT_EQ(m.admitted_at, kNoTime);
  EXPECT_EQ(m.instance, kNoInstance);
  EXPECT_EQ(m.role, SinkRole::kAudit);
}

TEST(HistoryJsonl, NullReadAsAbsent) {
  History h = from_jsonl(header_line() +
                         R"({"t":0,"kind":"flag_seen","instance":null,"on":true})");
  EXPECT_EQ(find_event<ev::FlagSeen>(h).instance, kNoInstance);
}

// Field values per kind after a round trip.

class JsonlRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override { read_ = from_jsonl(to_jsonl(sample_history())); }
  std::string_view str(StrId id) const { return read_.str(id); }
  History read_;
};

TEST_F(JsonlRoundTrip, ControlEventsKeepFields) {
  EXPECT_EQ(find_event<ev::PhaseChanged>(read_).phase, Phase::kAnnounce);
  EXPECT_TRUE(find_event<ev::FlagSet>(read_).on);
  EXPECT_EQ(str(find_event<ev::FlagSet>(read_).by), "operator");
  EXPECT_EQ(find_event<ev::FlagSeen>(read_).instance, 2);
  const auto& polled = find_event<ev::FlagPolled>(read_);
  EXPECT_EQ(str(polled.actor), "backfill");
  EXPECT_EQ(polled.instance, 1);
  EXPECT_FALSE(polled.from_store);
  EXPECT_EQ(find_event<ev::WindowExtended>(read_).new_end, 300 * kMicrosPerSecond);
  const auto& fault = find_event<ev::FaultInjected>(read_);
  EXPECT_EQ(str(fault.fault), "flag_late");
  EXPECT_EQ(fault.instance, 2);
  EXPECT_EQ(str(fault.detail), "{\"delay\":\"3s\"}");
}

TEST_F(JsonlRoundTrip, RequestSentKeepsFields) {
  const auto& sent = find_event<ev::RequestSent>(read_);
  EXPECT_EQ(sent.request_id, 41u);
  EXPECT_EQ(sent.op_id, 7u);
  EXPECT_EQ(str(sent.actor), "web#3");
  EXPECT_EQ(str(sent.idempotency_key), "idem-7");
  EXPECT_EQ(sent.attempt, 2u);
  EXPECT_EQ(str(sent.endpoint), "put_kv");
  EXPECT_TRUE(sent.write);
  EXPECT_EQ(str(sent.mutation), "put");
  EXPECT_TRUE(sent.replay);
  EXPECT_EQ(sent.body_hash, 0xabcdef0123456789ULL);
}

TEST_F(JsonlRoundTrip, ResponseReceivedKeepsFields) {
  const auto& r = find_event<ev::ResponseReceived>(read_);
  EXPECT_EQ(r.status, 423);
  EXPECT_EQ(r.instance, 1);
  EXPECT_EQ(r.sent_at, 10);
  EXPECT_EQ(r.retry_after_count, 2);
  EXPECT_EQ(str(r.retry_after_raw), "120\n120");
  EXPECT_EQ(r.retry_after_form, RetryAfterForm::kInvalid);
  EXPECT_EQ(r.retry_after_seconds, 120);
  EXPECT_EQ(r.retry_after_date, 1772330580);
  EXPECT_EQ(str(r.retry_after_error), "duplicated (2 field lines)");
  EXPECT_EQ(r.date, 1772330460);
  EXPECT_EQ(str(r.error_code), "read_only");
  EXPECT_EQ(str(r.error_code_source), "pointer");
  EXPECT_EQ(str(r.content_type), "application/problem+json");
  EXPECT_EQ(str(r.receipt), "intent-9");
  EXPECT_EQ(str(r.cache_control), "no-store");
  EXPECT_EQ(r.cache_age, 4);
  EXPECT_EQ(str(r.transport_error), "timeout");
}

TEST_F(JsonlRoundTrip, OperationAndMutationKeepFields) {
  const auto& given_up = find_event<ev::OperationGivenUp>(read_);
  EXPECT_EQ(given_up.op_id, 7u);
  EXPECT_EQ(str(given_up.reason), "max_wait");
  EXPECT_EQ(given_up.attempts, 6u);

  const auto& m = find_event<ev::MutationApplied>(read_);
  EXPECT_EQ(str(m.sink), "kv");
  EXPECT_EQ(m.role, SinkRole::kIntentQueue);
  EXPECT_EQ(str(m.key), "k1");
  EXPECT_EQ(str(m.origin), "web#3");
  EXPECT_EQ(m.request_id, 41u);
  EXPECT_EQ(m.admitted_at, 9);
  EXPECT_EQ(m.instance, 2);
  EXPECT_EQ(str(m.mutation), "put");
}

TEST_F(JsonlRoundTrip, WorkEventsKeepFields) {
  const auto& started = find_event<ev::WorkStarted>(read_);
  EXPECT_EQ(str(started.unit), "batch");
  EXPECT_EQ(started.unit_id, 5u);
  EXPECT_EQ(started.instance, 0);
  EXPECT_EQ(str(find_event<ev::WorkFinished>(read_).outcome), "aborted");
  const auto& worker = find_event<ev::WorkerStarted>(read_);
  EXPECT_EQ(str(worker.actor), "worker");
  EXPECT_EQ(worker.restart, 3u);
  EXPECT_EQ(worker.instance, 1);
}

TEST_F(JsonlRoundTrip, BannerEventsKeepFields) {
  const auto& published = find_event<ev::BannerPublished>(read_);
  EXPECT_EQ(published.version, 2u);
  EXPECT_EQ(str(published.kind), "extension");
  EXPECT_EQ(str(published.stated_end), "2026-03-01T02:05:00Z");
  EXPECT_EQ(str(published.contact), "ops@example.com");
  EXPECT_EQ(str(published.rollback), "flip the flag off");
  const auto& purged = find_event<ev::BannerPurged>(read_);
  EXPECT_EQ(str(purged.method), "tag");
  EXPECT_FALSE(purged.ok);
  const auto& observed = find_event<ev::BannerObserved>(read_);
  EXPECT_EQ(observed.age, 17);
  EXPECT_EQ(str(observed.cache_status), "stale");
  EXPECT_EQ(str(find_event<ev::StatusPosted>(read_).stated_start), "2026-03-01T02:01:00Z");
}

TEST_F(JsonlRoundTrip, QueueEventsKeepFields) {
  const auto& kept = find_event<ev::IntentKept>(read_);
  EXPECT_EQ(kept.body_hash, 0xfedcba9876543210ULL);
  EXPECT_EQ(str(kept.storage_key), "k1");
  EXPECT_EQ(kept.request_id, 41u);
  const auto& dropped = find_event<ev::IntentDropped>(read_);
  EXPECT_EQ(str(dropped.reason), "non_critical");
  EXPECT_EQ(dropped.request_id, 42u);
  EXPECT_EQ(str(find_event<ev::IntentReplayed>(read_).outcome), "duplicate");
}

TEST_F(JsonlRoundTrip, ProbeEmbeddingKeepsExactFloats) {
  const auto& probe = find_event<ev::ProbeAnswered>(read_);
  EXPECT_EQ(str(probe.answer), "paris is the capital");
  EXPECT_TRUE(probe.ok);
  ASSERT_NE(probe.embedding, 0u);
  const std::vector<float>& v = read_.embedding(probe.embedding);
  ASSERT_EQ(v.size(), kEmbedding.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(v[i], kEmbedding[i]);
    EXPECT_EQ(std::signbit(v[i]), std::signbit(kEmbedding[i]));
  }
}

TEST_F(JsonlRoundTrip, EventTimesKept) {
  History original = sample_history();
  ASSERT_EQ(read_.size(), original.size());
  for (std::size_t i = 0; i < read_.size(); ++i) EXPECT_EQ(read_.events()[i].t, original.events()[i].t);
}

// Tolerated input.

TEST(HistoryJsonl, BlankTrailingLineAccepted) {
  History h = from_jsonl(header_line() + kSentLine + "\n\n  \n");
  EXPECT_EQ(h.size(), 1u);
}

TEST(HistoryJsonl, VersionOneRequestReadsWithoutBodyHash) {
  std::string header = header_line();
  std::string version = "\"format_version\":" + std::to_string(kHistoryFormatVersion);
  header.replace(header.find(version), version.size(), "\"format_version\":1");
  History h = from_jsonl(header + kSentLine + "\n");
  EXPECT_EQ(h.header().format_version, 1);
  EXPECT_EQ(find_event<ev::RequestSent>(h).body_hash, 0u);
}

TEST(HistoryJsonl, CrLfLinesAccepted) {
  // header_line() ends in '\n'; put '\r' before it. (Built by appending:
  // GCC 12 at -O3 reports a false -Wrestrict on string::insert here.)
  std::string line = header_line();
  std::string header = line.substr(0, line.size() - 1);
  header += "\r\n";
  History h = from_jsonl(header + kSentLine + "\r\n");
  EXPECT_EQ(h.size(), 1u);
}

TEST(HistoryJsonl, EqualTimesAccepted) {
  History h = from_jsonl(header_line() + kSentLine + "\n" + kSentLine + "\n");
  EXPECT_EQ(h.size(), 2u);
}

// Rejections.

TEST(HistoryJsonlErrors, EmptyFileRejected) {
  InputError e = read_error("");
  EXPECT_EQ(e.place().file, "test.jsonl");
  EXPECT_EQ(e.place().line, 1);
  EXPECT_NE(e.problem().find("empty"), std::string::npos);
}

TEST(HistoryJsonlErrors, EventBeforeHeaderRejected) {
  InputError e = read_error(kSentLine + "\n");
  EXPECT_EQ(e.place().line, 1);
  EXPECT_EQ(e.place().pointer, "/type");
  EXPECT_NE(e.problem().find("not the header"), std::string::npos);
}

TEST(HistoryJsonlErrors, WrongFormatRejected) {
  InputError e = read_error(R"({"type":"header","format":"other-tool","format_version":1})");
  EXPECT_EQ(e.place().line, 1);
  EXPECT_EQ(e.place().pointer, "/format");
  EXPECT_EQ(e.value(), "\"other-tool\"");
}

TEST(HistoryJsonlErrors, NewerFormatVersionRejected) {
  InputError e = read_error(R"({"type":"header","format":"freezedrill-history","format_version":3,"new_field":1})");
  EXPECT_EQ(e.place().pointer, "/format_version");
  EXPECT_EQ(e.value(), "3");
  EXPECT_NE(e.fix().find("upgrade freezedrill"), std::string::npos);
}

TEST(HistoryJsonlErrors, UnknownKindRejected) {
  InputError e = read_error(header_line() + R"({"t":1,"kind":"flag_flipped"})" + "\n");
  EXPECT_EQ(e.place().line, 2);
  EXPECT_EQ(e.place().pointer, "/kind");
  EXPECT_EQ(e.value(), "\"flag_flipped\"");
  EXPECT_NE(e.fix().find("response_received"), std::string::npos);
}

TEST(HistoryJsonlErrors, MissingRequiredFieldRejected) {
  std::string line = R"({"t":1,"kind":"response_received","request_id":1,"op_id":1,"write":true,)"
                     R"("retry_after_count":0,"retry_after_form":"absent"})";
  InputError e = read_error(header_line() + kSentLine + "\n" + line + "\n");
  EXPECT_EQ(e.place().line, 3);
  EXPECT_EQ(e.place().pointer, "/status");
  EXPECT_NE(e.problem().find("missing"), std::string::npos);
}

TEST(HistoryJsonlErrors, MistypedFieldRejected) {
  std::string line = R"({"t":1,"kind":"response_received","request_id":1,"op_id":1,"write":true,"status":"423",)"
                     R"("retry_after_count":0,"retry_after_form":"absent"})";
  InputError e = read_error(header_line() + line + "\n");
  EXPECT_EQ(e.place().line, 2);
  EXPECT_EQ(e.place().pointer, "/status");
  EXPECT_EQ(e.value(), "\"423\"");
}

TEST(HistoryJsonlErrors, OutOfRangeFieldRejected) {
  std::string line = R"({"t":1,"kind":"response_received","request_id":1,"op_id":1,"write":true,"status":70000,)"
                     R"("retry_after_count":0,"retry_after_form":"absent"})";
  InputError e = read_error(header_line() + line + "\n");
  EXPECT_EQ(e.place().pointer, "/status");
}

TEST(HistoryJsonlErrors, UnknownEnumNameRejected) {
  InputError e = read_error(header_line() + R"({"t":1,"kind":"phase_changed","phase":"freeze"})" + "\n");
  EXPECT_EQ(e.place().pointer, "/phase");
  EXPECT_NE(e.fix().find("baseline"), std::string::npos);
}

TEST(HistoryJsonlErrors, UnknownFieldRejected) {
  InputError e = read_error(header_line() + R"({"t":1,"kind":"flag_seen","on":true,"instnace":2})" + "\n");
  EXPECT_EQ(e.place().pointer, "/instnace");
}

TEST(HistoryJsonlErrors, EventsOutOfOrderRejected) {
  std::string later = R"({"t":9,"kind":"flag_seen","on":true})";
  std::string earlier = R"({"t":8,"kind":"flag_seen","on":false})";
  InputError e = read_error(header_line() + later + "\n" + earlier + "\n");
  EXPECT_EQ(e.place().line, 3);
  EXPECT_EQ(e.place().pointer, "/t");
  EXPECT_EQ(e.value(), "8");
}

TEST(HistoryJsonlErrors, MalformedJsonRejectedWithColumn) {
  // The parser stops at the '}' after "tru", column 35.
  InputError e = read_error(header_line() + R"({"t":1,"kind":"flag_seen","on":tru})" + "\n");
  EXPECT_EQ(e.place().line, 2);
  EXPECT_EQ(e.place().column, 35);
  EXPECT_NE(e.problem().find("malformed JSON"), std::string::npos);
}

TEST(HistoryJsonlErrors, NonObjectLineRejected) {
  InputError e = read_error(header_line() + "[1, 2]\n");
  EXPECT_EQ(e.place().line, 2);
}

TEST(HistoryJsonlErrors, SecondHeaderRejected) {
  InputError e = read_error(header_line() + header_line());
  EXPECT_EQ(e.place().line, 2);
  EXPECT_EQ(e.place().pointer, "/type");
}

TEST(HistoryJsonlErrors, MissingHeaderFieldRejected) {
  InputError e = read_error(R"({"type":"header","format":"freezedrill-history","format_version":1,"start_us":0})");
  EXPECT_EQ(e.place().pointer, "/duration_us");
}

TEST(HistoryJsonlErrors, NestedHeaderFieldRejected) {
  nlohmann::json j = header_to_json(sample_header());
  j["endpoints"][1]["write"] = "no";
  InputError e = read_error(j.dump() + "\n");
  EXPECT_EQ(e.place().pointer, "/endpoints/1/write");
}

TEST(HistoryJsonlErrors, BadEmbeddingItemRejected) {
  std::string line = R"({"t":1,"kind":"probe_answered","ok":true,"embedding_vector":[0.5,"x"]})";
  InputError e = read_error(header_line() + line + "\n");
  EXPECT_EQ(e.place().pointer, "/embedding_vector/1");
}

TEST(HistoryJsonlErrors, MissingFileRejected) {
  std::string path = ::testing::TempDir() + "freezedrill_no_such_history.jsonl";
  try {
    read_history_file(path);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.place().file, path);
    EXPECT_FALSE(e.fix().empty());
  }
}

TEST(HistoryJsonl, CopyOutlivesOriginal) {
  std::string text = to_jsonl(sample_history());
  auto original = std::make_unique<History>(from_jsonl(text));
  History copy = *original;
  original.reset();
  EXPECT_EQ(to_jsonl(copy), text);
}

TEST(HistoryJsonl, FileRoundTrips) {
  std::string path = ::testing::TempDir() + "freezedrill_history_jsonl_test.jsonl";
  std::string text = to_jsonl(sample_history());
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  History h = read_history_file(path);
  std::remove(path.c_str());
  EXPECT_EQ(to_jsonl(h), text);
}

}  // namespace
}  // namespace freezedrill

namespace freezedrill {
namespace {

TEST(HistoryJsonlEnd, WriterEndsWithEventCount) {
  History h;
  h.header().duration = 10;
  h.append(1, ev::PhaseChanged{Phase::kWindow});
  h.append(2, ev::PhaseChanged{Phase::kSoak});
  std::ostringstream out;
  write_history_jsonl(h, out);
  std::string text = out.str();
  EXPECT_EQ(text.substr(text.rfind('{')), "{\"type\":\"end\",\"events\":2}\n");
}

TEST(HistoryJsonlEnd, CutOffHistoryRejected) {
  try {
    from_jsonl_as_is(header_line() + kSentLine + "\n");
    FAIL() << "a history without its end record was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("incomplete"), std::string::npos) << e.what();
  }
}

TEST(HistoryJsonlEnd, WrongCountRejected) {
  try {
    from_jsonl_as_is(header_line() + kSentLine + "\n" + "{\"type\":\"end\",\"events\":2}\n");
    FAIL() << "a wrong event count was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.place().pointer, "/events");
    EXPECT_EQ(e.place().line, 3);
  }
}

TEST(HistoryJsonlEnd, LineAfterEndRejected) {
  try {
    from_jsonl_as_is(header_line() + "{\"type\":\"end\",\"events\":0}\n" + kSentLine + "\n");
    FAIL() << "a line after the end record was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.place().line, 3);
  }
}

}  // namespace
}  // namespace freezedrill
