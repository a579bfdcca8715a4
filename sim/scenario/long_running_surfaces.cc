#include "sim/scenario/long_running_surfaces.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace freezedrill::loader_detail {
namespace {

const std::vector<std::string> kArrivals = {"poisson", "fixed"};
const std::vector<std::string> kLiteralMaskKeys = {"literal", "replace"};
const std::vector<std::string> kPatternMaskKeys = {"mask", "replace"};
const std::vector<std::string> kHexMaskKeys = {"mask", "replace", "min_length"};

constexpr int kMaxChunk = 10000;
constexpr std::int64_t kMaxDocuments = 1000 * 1000 * 1000;
constexpr int kMaxSteps = 1000 * 1000;
constexpr std::size_t kMaxMasks = 100;
constexpr int kMinHexLength = 4;
constexpr int kMaxHexLength = 128;
constexpr std::int64_t kMaxKeys = 1000 * 1000 * 1000;

// A loop that checks the flag more often than every millisecond would only
// flood the history, and fails drains' busy-loop rule long before that.
constexpr DurationRule kLoopPeriod{kMicrosPerMilli, false};
constexpr DurationRule kNonNegative{0, false};

// The read endpoint read-only tools call: the named one, else the first read
// endpoint of the catalogue. Empty when the agent makes no read-only calls.
std::string read_tool_endpoint(const ObjectField& tool_call, const DeploymentSpec& deployment, double side_effects) {
  std::vector<std::string> reads;
  for (const EndpointSpec& e : deployment.endpoints) {
    if (!e.write) reads.push_back(e.name);
  }

  std::optional<Field> found = tool_call.find("read_endpoint");
  if (found) {
    std::string name = found->as_string();
    if (std::find(reads.begin(), reads.end(), name) == reads.end()) {
      found->fail(fmt::format("\"{}\" is not a read endpoint of the deployment", name),
                  fix_for_unknown(name, reads, "read endpoints"));
    }
    return name;
  }
  if (side_effects >= 1.0) return "";
  if (reads.empty()) {
    tool_call.field().fail("the agent makes read-only tool calls but the deployment has no read endpoint",
                           "add a read endpoint to \"deployment.endpoints\" or set \"side_effects\": 1");
  }
  return reads.front();
}

// The replacement of a pattern mask, "<timestamp>" by default.
std::string replace_or(const ObjectField& mask, std::string fallback) {
  std::optional<Field> found = mask.find("replace");
  return found ? found->as_string(true) : fallback;
}

MaskRule read_literal_mask(const ObjectField& mask) {
  mask.allow_keys(kLiteralMaskKeys);
  MaskRule rule;
  rule.kind = MaskKind::kLiteral;
  rule.find = mask.require("literal", "add the text to replace").as_string();
  rule.replace = mask.require("replace", "add the replacement text, such as \"<id>\" or \"\"").as_string(true);
  return rule;
}

MaskRule read_pattern_mask(const ObjectField& mask) {
  Field kind = mask.require("mask", "add \"mask\": \"iso_timestamp\", \"uuid\" or \"hex_id\", or \"literal\": TEXT");
  std::string name = kind.as_choice({"iso_timestamp", "uuid", "hex_id"}, "masks");
  MaskRule rule;
  if (name == "iso_timestamp") {
    mask.allow_keys(kPatternMaskKeys);
    rule.kind = MaskKind::kIsoTimestamp;
    rule.replace = replace_or(mask, "<timestamp>");
  } else if (name == "uuid") {
    mask.allow_keys(kPatternMaskKeys);
    rule.kind = MaskKind::kUuid;
    rule.replace = replace_or(mask, "<uuid>");
  } else {
    mask.allow_keys(kHexMaskKeys);
    rule.kind = MaskKind::kHexId;
    rule.replace = replace_or(mask, "<hex>");
    rule.min_length = static_cast<int>(mask.integer_or("min_length", kMinHexLength, kMaxHexLength, 8));
  }
  return rule;
}

nlohmann::json mask_json(const MaskRule& rule) {
  switch (rule.kind) {
    case MaskKind::kLiteral: return {{"literal", rule.find}, {"replace", rule.replace}};
    case MaskKind::kIsoTimestamp: return {{"mask", "iso_timestamp"}, {"replace", rule.replace}};
    case MaskKind::kUuid: return {{"mask", "uuid"}, {"replace", rule.replace}};
    case MaskKind::kHexId:
      return {{"mask", "hex_id"}, {"replace", rule.replace}, {"min_length", rule.min_length}};
  }
  return nullptr;
}

}  // namespace

nlohmann::json read_tool_call(const ObjectField& tool_call, const DeploymentSpec& deployment, SurfaceSpec& spec) {
  ToolCallSpec& t = spec.tool_call;
  spec.rate = tool_call.require("rate", "add the tool calls per second, such as \"1/s\"").as_rate();
  std::string arrivals = tool_call.choice_or("arrivals", kArrivals, "poisson", "arrival processes");
  spec.fixed_arrivals = arrivals == "fixed";
  t.side_effects = tool_call.number_or("side_effects", 0.0, 1.0, t.side_effects);
  t.read_endpoint = read_tool_endpoint(tool_call, deployment, t.side_effects);
  t.recheck = tool_call.duration_or("recheck", kLoopPeriod, t.recheck);
  spec.keys = static_cast<int>(tool_call.integer_or("keys", 1, kMaxKeys, 100));

  return {{"rate", format_rate(spec.rate)},
          {"arrivals", arrivals},
          {"side_effects", t.side_effects},
          {"read_endpoint", t.read_endpoint.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.read_endpoint)},
          {"recheck", format_duration(t.recheck)},
          {"keys", spec.keys}};
}

nlohmann::json read_ingestion(const ObjectField& ingestion, const DeploymentSpec&, SurfaceSpec& spec) {
  IngestionSpec& i = spec.ingestion;
  i.chunk = static_cast<int>(ingestion.integer_or("chunk", 1, kMaxChunk, i.chunk));
  i.every = ingestion.duration_or("every", kLoopPeriod, i.every);
  i.chunk_duration = ingestion.duration_or("chunk_duration", kNonNegative, i.chunk_duration);
  i.documents = ingestion.integer_or("documents", 1, kMaxDocuments, i.documents);

  return {{"chunk", i.chunk},
          {"every", format_duration(i.every)},
          {"chunk_duration", format_duration(i.chunk_duration)},
          {"documents", i.documents}};
}

nlohmann::json read_stepped_job(const ObjectField& job, const DeploymentSpec&, SurfaceSpec& spec) {
  SteppedJobSpec& j = spec.stepped;
  j.steps = static_cast<int>(job.integer_or("steps", 1, kMaxSteps, j.steps));
  j.step = job.duration_or("step", kLoopPeriod, j.step);
  j.poll = job.duration_or("poll", kLoopPeriod, j.poll);

  return {{"steps", j.steps}, {"step", format_duration(j.step)}, {"poll", format_duration(j.poll)}};
}

nlohmann::json read_masks(const ObjectField& probe, std::vector<MaskRule>& masks) {
  nlohmann::json normalised = nlohmann::json::array();
  std::optional<Field> found = probe.find("masks");
  if (!found) return normalised;

  std::vector<Field> items = found->as_array(0, "masking rules such as { \"mask\": \"iso_timestamp\" }");
  if (items.size() > kMaxMasks) {
    found->fail(fmt::format("{} masking rules are more than the maximum of {}", items.size(), kMaxMasks),
                "merge rules, or mask whole classes of values with \"iso_timestamp\", \"uuid\" or \"hex_id\"");
  }
  for (const Field& item : items) {
    ObjectField mask(item, "a masking rule");
    if (mask.has("literal") && mask.has("mask")) {
      item.fail("a masking rule has both \"literal\" and \"mask\"",
                "split it into two rules: one { \"literal\": TEXT, \"replace\": TEXT } and one { \"mask\": NAME }");
    }
    MaskRule rule = mask.has("literal") ? read_literal_mask(mask) : read_pattern_mask(mask);
    normalised.push_back(mask_json(rule));
    masks.push_back(std::move(rule));
  }
  return normalised;
}

}  // namespace freezedrill::loader_detail
