#include "fakes/surfaces/probe.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace freezedrill {
namespace {

const EndpointSpec& find_endpoint(const Scenario& scenario, const std::string& name) {
  for (const EndpointSpec& endpoint : scenario.deployment.endpoints) {
    if (endpoint.name == name) return endpoint;
  }
  // The loader accepts only a read endpoint of the catalogue, so this is a programming error.
  throw std::logic_error("probe endpoint not in the catalogue: " + name);
}

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// RFC 3986 section 2.1: every byte outside the unreserved set is sent as %XX.
std::string percent_encode(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (unreserved(c)) {
      out += c;
      continue;
    }
    out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

// Replaces each {name} of the path template with the encoded query.
std::string fill_path(std::string_view path_template, std::string_view query) {
  std::string path;
  std::size_t pos = 0;
  while (pos < path_template.size()) {
    std::size_t open = path_template.find('{', pos);
    std::size_t close = open == std::string_view::npos ? open : path_template.find('}', open);
    if (close == std::string_view::npos) break;
    path.append(path_template.substr(pos, open - pos));
    path.append(percent_encode(query));
    pos = close + 1;
  }
  path.append(path_template.substr(std::min(pos, path_template.size())));
  return path;
}

}  // namespace

Probe::Probe(const SurfaceSpec& spec, SurfaceContext& context)
    : runtime_(context.runtime),
      transport_(context.transport),
      name_(spec.name),
      endpoint_(find_endpoint(context.scenario, spec.config.at("endpoint").get<std::string>())),
      queries_(spec.config.at("queries").get<std::vector<std::string>>()),
      every_(parse_duration(spec.config.at("every").get<std::string>()).value_or(kMicrosPerSecond)),
      duration_(context.scenario.duration),
      id_base_(surface_id_base(context.scenario, spec.name)) {
  rules_.mask_digits = spec.config.at("mask_digits").get<bool>();
  rules_.masks = spec.masks;
}

void Probe::start() { schedule_round(runtime_.now()); }

void Probe::schedule_round(Micros t) {
  if (t >= duration_) return;
  runtime_.schedule_at(t, Runtime::Lane::kActor, [this] { send_round(); });
}

void Probe::send_round() {
  for (std::size_t i = 0; i < queries_.size(); ++i) send_query(i);
  schedule_round(runtime_.now() + every_);
}

void Probe::send_query(std::size_t index) {
  HttpRequest request;
  request.request_id = id_base_ | ++requests_;
  request.method = endpoint_.method;
  request.path = fill_path(endpoint_.path, queries_[index]);
  request.endpoint = endpoint_.name;
  request.origin = name_;
  if (endpoint_.method == "POST") {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = nlohmann::json{{"query", queries_[index]}}.dump();
  }
  transport_.send(std::move(request), [this, index](HttpResponse response) { record_answer(index, response); });
}

void Probe::record_answer(std::size_t index, const HttpResponse& response) {
  History& history = runtime_.history();
  ev::ProbeAnswered answered;
  answered.probe = history.intern(fmt::format("{}/{}", name_, index));
  answered.ok = response.status >= 200 && response.status < 300;
  if (answered.ok) {
    std::string answer = normalise_answer(response.body, rules_);
    EmbeddingParams params{history.header().embedding_ngram, history.header().embedding_buckets};
    answered.embedding = history.add_embedding(embed_text(answer, params));
    answered.answer = history.intern(answer);
  }
  runtime_.record(answered);
}

std::vector<std::unique_ptr<Surface>> make_probes(const SurfaceSpec& spec, SurfaceContext& context) {
  std::vector<std::unique_ptr<Surface>> probes;
  probes.push_back(std::make_unique<Probe>(spec, context));
  return probes;
}

}  // namespace freezedrill
