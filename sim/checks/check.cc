#include "sim/checks/check.h"

#include <stdexcept>

namespace freezedrill {

const nlohmann::json& CheckOptions::at(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) {
    throw std::logic_error("check option not resolved: " + std::string(name));
  }
  return *it;
}

Micros CheckOptions::duration(std::string_view name) const {
  auto v = optional_duration(name);
  if (!v) throw std::logic_error("check option is off: " + std::string(name));
  return *v;
}

std::optional<Micros> CheckOptions::optional_duration(std::string_view name) const {
  const nlohmann::json& v = at(name);
  if (v.is_null()) return std::nullopt;
  auto parsed = parse_duration(v.get<std::string>());
  if (!parsed) throw std::logic_error("check option is not a duration: " + std::string(name));
  return parsed;
}

double CheckOptions::number(std::string_view name) const {
  auto v = optional_number(name);
  if (!v) throw std::logic_error("check option is off: " + std::string(name));
  return *v;
}

std::optional<double> CheckOptions::optional_number(std::string_view name) const {
  const nlohmann::json& v = at(name);
  if (v.is_null()) return std::nullopt;
  return v.get<double>();
}

std::int64_t CheckOptions::integer(std::string_view name) const { return at(name).get<std::int64_t>(); }

bool CheckOptions::flag(std::string_view name) const { return at(name).get<bool>(); }

void CheckRegistry::add(std::unique_ptr<Check> check) { checks_.push_back(std::move(check)); }

const Check* CheckRegistry::find(std::string_view name) const {
  for (const auto& c : checks_) {
    if (c->name() == name) return c.get();
  }
  return nullptr;
}

nlohmann::json CheckRegistry::resolve_options(const nlohmann::json& expect) const {
  nlohmann::json resolved = nlohmann::json::object();
  for (const auto& c : checks_) {
    nlohmann::json options = nlohmann::json::object();
    for (const OptionSpec& spec : c->options()) options[spec.name] = spec.default_value;
    std::string name(c->name());
    if (expect.is_object() && expect.contains(name)) {
      for (const auto& [key, value] : expect.at(name).items()) {
        if (key == "allow_inconclusive") continue;  // a gate option, not a check option
        options[key] = value;
      }
    }
    resolved[name] = std::move(options);
  }
  return resolved;
}

std::vector<CheckResult> CheckRegistry::run_all(const History& history) const {
  std::vector<CheckResult> results;
  const nlohmann::json& all_options = history.header().check_options;
  for (const auto& c : checks_) {
    std::string name(c->name());
    nlohmann::json options = all_options.contains(name) ? all_options.at(name) : nlohmann::json::object();
    // Options missing from an older header fall back to today's defaults.
    for (const OptionSpec& spec : c->options()) {
      if (!options.contains(spec.name)) options[spec.name] = spec.default_value;
    }
    CheckResult r = c->run(history, CheckOptions(std::move(options)));
    r.check = name;
    if (r.remedy.empty()) r.remedy = std::string(c->remedy());
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace freezedrill
