// The event lines of a JSON Lines history. Each event kind lists its fields
// once, in a describe() overload. The same list drives the encoder and the
// decoder, so the two cannot disagree on a name or a type.

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "sim/history/jsonl_codec.h"

namespace freezedrill {
namespace {

using nlohmann::json;

constexpr int kPhaseCount = static_cast<int>(Phase::kTail) + 1;
constexpr int kSinkRoleCount = static_cast<int>(SinkRole::kAudit) + 1;
constexpr int kRetryAfterFormCount = static_cast<int>(RetryAfterForm::kInvalid) + 1;

// Field lists. Visitor methods name the encoding of a field:
//   text         interned string; "" is omitted
//   flag         true or false, required
//   count        unsigned integer, required
//   optional_count  unsigned integer; 0 (none) is omitted
//   instance     instance number; kNoInstance (-1) is omitted
//   time         microseconds or Unix seconds; kNoTime is omitted
//   seconds      a count of seconds; -1 (none) is omitted
//   enumeration  the value's name, required
//   embedding    the vector of an embedding index, as "embedding_vector"
// Keys are the C++ field names, except where a name would collide with the
// line's own "kind": the kind of a banner is "banner_kind", that of a status
// post "post_kind".

template <typename V>
void describe(V& v, ev::PhaseChanged& e) {
  v.enumeration("phase", e.phase, phase_name, kPhaseCount);
}

template <typename V>
void describe(V& v, ev::FlagSet& e) {
  v.flag("on", e.on);
  v.text("by", e.by);
}

template <typename V>
void describe(V& v, ev::FlagSeen& e) {
  v.instance("instance", e.instance);
  v.flag("on", e.on);
}

template <typename V>
void describe(V& v, ev::FlagPolled& e) {
  v.text("actor", e.actor);
  v.instance("instance", e.instance);
  v.flag("on", e.on);
  v.flag("from_store", e.from_store);
  v.flag("guard", e.guard);
}

template <typename V>
void describe(V& v, ev::RequestSent& e) {
  v.count("request_id", e.request_id);
  v.count("op_id", e.op_id);
  v.text("actor", e.actor);
  v.text("idempotency_key", e.idempotency_key);
  v.count("attempt", e.attempt);
  v.text("endpoint", e.endpoint);
  v.flag("write", e.write);
  v.text("mutation", e.mutation);
  v.flag("replay", e.replay);
  v.optional_count("body_hash", e.body_hash);
}

template <typename V>
void describe_retry_after(V& v, ev::ResponseReceived& e) {
  v.count("retry_after_count", e.retry_after_count);
  v.text("retry_after_raw", e.retry_after_raw);
  v.enumeration("retry_after_form", e.retry_after_form, retry_after_form_name, kRetryAfterFormCount);
  v.seconds("retry_after_seconds", e.retry_after_seconds);
  v.time("retry_after_date", e.retry_after_date);
  v.text("retry_after_error", e.retry_after_error);
}

template <typename V>
void describe(V& v, ev::ResponseReceived& e) {
  v.count("request_id", e.request_id);
  v.count("op_id", e.op_id);
  v.text("actor", e.actor);
  v.text("endpoint", e.endpoint);
  v.flag("write", e.write);
  v.instance("instance", e.instance);
  v.count("status", e.status);
  v.time("sent_at", e.sent_at);

  describe_retry_after(v, e);

  v.time("date", e.date);
  v.text("error_code", e.error_code);
  v.text("error_code_source", e.error_code_source);
  v.text("content_type", e.content_type);
  v.text("receipt", e.receipt);
  v.text("cache_control", e.cache_control);
  v.seconds("cache_age", e.cache_age);
  v.text("transport_error", e.transport_error);
}

template <typename V>
void describe(V& v, ev::OperationGivenUp& e) {
  v.count("op_id", e.op_id);
  v.text("actor", e.actor);
  v.text("idempotency_key", e.idempotency_key);
  v.text("reason", e.reason);
  v.count("attempts", e.attempts);
}

template <typename V>
void describe(V& v, ev::MutationApplied& e) {
  v.text("sink", e.sink);
  v.enumeration("role", e.role, sink_role_name, kSinkRoleCount);
  v.text("key", e.key);
  v.text("origin", e.origin);
  v.count("request_id", e.request_id);
  v.text("idempotency_key", e.idempotency_key);
  v.time("admitted_at", e.admitted_at);
  v.instance("instance", e.instance);
  v.text("mutation", e.mutation);
}

template <typename V>
void describe(V& v, ev::WorkStarted& e) {
  v.text("actor", e.actor);
  v.text("unit", e.unit);
  v.count("unit_id", e.unit_id);
  v.instance("instance", e.instance);
}

template <typename V>
void describe(V& v, ev::WorkFinished& e) {
  v.text("actor", e.actor);
  v.text("unit", e.unit);
  v.count("unit_id", e.unit_id);
  v.instance("instance", e.instance);
  v.text("outcome", e.outcome);
}

template <typename V>
void describe(V& v, ev::WorkerStarted& e) {
  v.text("actor", e.actor);
  v.count("restart", e.restart);
  v.instance("instance", e.instance);
}

template <typename V>
void describe(V& v, ev::WindowExtended& e) {
  v.time("new_end", e.new_end);
  v.text("by", e.by);
}

template <typename V>
void describe(V& v, ev::BannerPublished& e) {
  v.count("version", e.version);
  v.text("banner_kind", e.kind);
  v.text("stated_start", e.stated_start);
  v.text("stated_end", e.stated_end);
  v.text("contact", e.contact);
  v.text("rollback", e.rollback);
}

template <typename V>
void describe(V& v, ev::BannerPurged& e) {
  v.text("method", e.method);
  v.text("target", e.target);
  v.flag("ok", e.ok);
}

template <typename V>
void describe(V& v, ev::BannerObserved& e) {
  v.text("observer", e.observer);
  v.count("version", e.version);
  v.seconds("age", e.age);
  v.text("cache_status", e.cache_status);
  v.text("cache_control", e.cache_control);
}

template <typename V>
void describe(V& v, ev::StatusPosted& e) {
  v.text("post_kind", e.kind);
  v.text("stated_start", e.stated_start);
  v.text("stated_end", e.stated_end);
}

template <typename V>
void describe(V& v, ev::ProbeAnswered& e) {
  v.text("probe", e.probe);
  v.flag("ok", e.ok);
  v.text("answer", e.answer);
  v.embedding("embedding_vector", e.embedding);
}

template <typename V>
void describe(V& v, ev::IntentKept& e) {
  v.text("idempotency_key", e.idempotency_key);
  v.text("endpoint", e.endpoint);
  v.text("storage_key", e.storage_key);
  v.text("receipt", e.receipt);
  v.count("body_hash", e.body_hash);
  v.text("actor", e.actor);
  v.count("request_id", e.request_id);
}

template <typename V>
void describe(V& v, ev::IntentDropped& e) {
  v.text("idempotency_key", e.idempotency_key);
  v.text("endpoint", e.endpoint);
  v.text("actor", e.actor);
  v.count("request_id", e.request_id);
  v.text("reason", e.reason);
}

template <typename V>
void describe(V& v, ev::IntentReplayed& e) {
  v.text("idempotency_key", e.idempotency_key);
  v.text("storage_key", e.storage_key);
  v.text("receipt", e.receipt);
  v.text("outcome", e.outcome);
}

template <typename V>
void describe(V& v, ev::FaultInjected& e) {
  v.text("fault", e.fault);
  v.instance("instance", e.instance);
  v.text("detail", e.detail);
}

// Embedding components are written with nine significant digits, enough to
// single out every float, so reading them back gives the same floats and
// writing those again gives the same text. JSON has no NaN or infinity:
// those are written as null and read back as NaN.
std::string format_component(float value) {
  if (!std::isfinite(value)) return "null";
  // "-0" would read back as the integer 0 and lose its sign.
  if (value == 0.0f && std::signbit(value)) return "-0.0";
  return fmt::format("{:.9g}", static_cast<double>(value));
}

// Writes the fields of one event into line members.
class EventEncoder {
 public:
  EventEncoder(const History& history, LineMembers& out) : history_(history), out_(out) {}

  void text(std::string_view key, StrId& id) {
    if (id != kNoStr) put(key, json(std::string(history_.str(id))));
  }
  void flag(std::string_view key, bool& value) { put(key, json(value)); }
  template <typename T>
  void count(std::string_view key, T& value) {
    put(key, json(static_cast<std::uint64_t>(value)));
  }
  void optional_count(std::string_view key, std::uint64_t& value) {
    if (value != 0) put(key, json(value));
  }
  void instance(std::string_view key, std::int32_t& value) {
    if (value != kNoInstance) put(key, json(value));
  }
  void time(std::string_view key, std::int64_t& value) {
    if (value != kNoTime) put(key, json(value));
  }
  void seconds(std::string_view key, std::int64_t& value) {
    if (value != -1) put(key, json(value));
  }
  template <typename E>
  void enumeration(std::string_view key, E& value, std::string_view (*name_of)(E), int /*count*/) {
    put(key, json(std::string(name_of(value))));
  }
  void embedding(std::string_view key, std::uint32_t& index) {
    if (index == 0) return;
    const std::vector<float>& vector = history_.embedding(index);
    std::string text = "[";
    for (std::size_t i = 0; i < vector.size(); ++i) {
      if (i > 0) text += ',';
      text += format_component(vector[i]);
    }
    out_[std::string(key)] = text + "]";
  }

 private:
  void put(std::string_view key, const json& value) { out_[std::string(key)] = dump_json(value); }

  const History& history_;
  LineMembers& out_;
};

// Reads the fields of one event from its line and interns its strings into
// the history. It records every key it reads, so that unknown keys can be
// rejected afterwards.
class EventDecoder {
 public:
  EventDecoder(const JsonFields& fields, History& history) : fields_(fields), history_(history) {}

  void text(std::string_view key, StrId& id) {
    keys_.push_back(key);
    id = history_.intern(fields_.text_or(key, ""));
  }
  void flag(std::string_view key, bool& value) {
    keys_.push_back(key);
    value = fields_.flag(key);
  }
  template <typename T>
  void count(std::string_view key, T& value) {
    keys_.push_back(key);
    value = static_cast<T>(fields_.unsigned_number(key, std::numeric_limits<T>::max()));
  }
  void optional_count(std::string_view key, std::uint64_t& value) {
    keys_.push_back(key);
    value = fields_.find(key) != nullptr ? fields_.unsigned_number(key, std::numeric_limits<std::uint64_t>::max()) : 0;
  }
  void instance(std::string_view key, std::int32_t& value) {
    keys_.push_back(key);
    constexpr std::int64_t kMin = std::numeric_limits<std::int32_t>::min();
    constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
    value = static_cast<std::int32_t>(fields_.optional_signed(key, kMin, kMax).value_or(kNoInstance));
  }
  void time(std::string_view key, std::int64_t& value) {
    keys_.push_back(key);
    value = optional_int64(key).value_or(kNoTime);
  }
  void seconds(std::string_view key, std::int64_t& value) {
    keys_.push_back(key);
    value = optional_int64(key).value_or(-1);
  }
  template <typename E>
  void enumeration(std::string_view key, E& value, std::string_view (*name_of)(E), int count);
  void embedding(std::string_view key, std::uint32_t& index);

  const std::vector<std::string_view>& keys() const { return keys_; }

 private:
  std::optional<std::int64_t> optional_int64(std::string_view key) const {
    return fields_.optional_signed(key, std::numeric_limits<std::int64_t>::min(),
                                   std::numeric_limits<std::int64_t>::max());
  }

  const JsonFields& fields_;
  History& history_;
  std::vector<std::string_view> keys_{"t", "kind"};
};

template <typename E>
void EventDecoder::enumeration(std::string_view key, E& value, std::string_view (*name_of)(E), int count) {
  keys_.push_back(key);
  std::string name = fields_.text(key);
  std::vector<std::string_view> names;
  for (int i = 0; i < count; ++i) {
    E candidate = static_cast<E>(i);
    if (name_of(candidate) == name) {
      value = candidate;
      return;
    }
    names.push_back(name_of(candidate));
  }
  fields_.fail(key, fmt::format("unknown {} \"{}\"", key, name), fmt::format("use one of: {}", fmt::join(names, ", ")));
}

void EventDecoder::embedding(std::string_view key, std::uint32_t& index) {
  keys_.push_back(key);
  index = 0;
  const json* value = fields_.find(key);
  if (value == nullptr) return;
  if (!value->is_array()) fields_.fail_mistyped(key, "an array of numbers");

  std::vector<float> vector;
  vector.reserve(value->size());
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    if (item.is_null()) {
      vector.push_back(std::numeric_limits<float>::quiet_NaN());
    } else if (item.is_number()) {
      vector.push_back(static_cast<float>(item.get<double>()));
    } else {
      throw InputError(
          InputError::Place{fields_.place().source, fields_.place().line, 0, fmt::format("{}/{}", fields_.pointer_to(key), i)},
          fmt::format("invalid item in {}", key), dump_json(item), "write every item of the embedding as a number");
    }
  }
  index = history_.add_embedding(std::move(vector));
}

// One decoder per event kind, indexed like the EventBody alternatives.
using DecodeFn = EventBody (*)(EventDecoder&);

template <std::size_t I>
EventBody decode_as(EventDecoder& decoder) {
  std::variant_alternative_t<I, EventBody> body;
  describe(decoder, body);
  return EventBody(std::in_place_index<I>, std::move(body));
}

template <std::size_t... I>
constexpr std::array<DecodeFn, sizeof...(I)> make_decoders(std::index_sequence<I...>) {
  return {&decode_as<I>...};
}

constexpr std::array<DecodeFn, kEventKindCount> kDecoders = make_decoders(std::make_index_sequence<kEventKindCount>{});

std::optional<std::size_t> find_kind(std::string_view name) {
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    if (event_kind_name(i) == name) return i;
  }
  return std::nullopt;
}

std::string known_kinds() {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < kEventKindCount; ++i) names.push_back(event_kind_name(i));
  return fmt::format("{}", fmt::join(names, ", "));
}

std::size_t read_kind(const JsonFields& line) {
  if (line.find("type") != nullptr && line.find("kind") == nullptr) {
    line.fail("type", "a second header line", "keep only the first header line of the history");
  }
  std::string name = line.text("kind");
  auto index = find_kind(name);
  if (!index) line.fail("kind", fmt::format("unknown event kind \"{}\"", name), "use one of: " + known_kinds());
  return *index;
}

}  // namespace

LineMembers encode_event_fields(const Event& event, const History& history) {
  LineMembers members;
  EventEncoder encoder(history, members);
  std::visit(
      [&encoder](const auto& body) {
        auto copy = body;  // describe() takes the fields by reference
        describe(encoder, copy);
      },
      event.body);
  return members;
}

Event decode_event(const json& line, const LinePlace& place, History& history) {
  std::size_t kind = read_kind(JsonFields(line, place, "event line"));

  JsonFields fields(line, place, fmt::format("{} event", event_kind_name(kind)));
  Micros t = fields.signed_number("t", 0, std::numeric_limits<Micros>::max());
  EventDecoder decoder(fields, history);
  EventBody body = kDecoders[kind](decoder);
  fields.reject_unknown(decoder.keys());
  return Event{t, std::move(body)};
}

}  // namespace freezedrill
