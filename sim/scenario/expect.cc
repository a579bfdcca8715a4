#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "sim/scenario/sections.h"

namespace freezedrill::loader_detail {
namespace {

constexpr const char* kAllowInconclusive = "allow_inconclusive";

std::string describe_default(const OptionSpec& option) {
  return option.default_value.is_null() ? "off" : show_value(option.default_value);
}

// Reads one check option as its OptionSpec types it and returns the
// normalised value. Every option of the built-in checks is a bound, a count or a ratio, so
// negative numbers are rejected.
nlohmann::json read_option(const Field& field, const OptionSpec& option) {
  if (field.is_null()) {
    if (option.nullable) return nullptr;
    field.fail(fmt::format("option \"{}\" cannot be null", option.name),
               fmt::format("write a value, or remove the option to use the default ({})", describe_default(option)));
  }

  switch (option.type) {
    case OptionSpec::Type::kDuration:
      return format_duration(field.as_duration({}));
    case OptionSpec::Type::kNumber:
      field.as_number(0.0, std::numeric_limits<double>::infinity());
      return field.json();
    case OptionSpec::Type::kInteger:
      return field.as_integer(0, std::numeric_limits<std::int64_t>::max());
    case OptionSpec::Type::kBool:
      return field.as_bool();
  }
  return field.json();
}

std::vector<std::string> option_names(const Check& check) {
  std::vector<std::string> names;
  for (const OptionSpec& option : check.options()) names.push_back(option.name);
  names.emplace_back(kAllowInconclusive);
  return names;
}

nlohmann::json read_check_options(const Field& field, const Check& check) {
  std::string name(check.name());
  ObjectField object(field, fmt::format("the options of \"{}\"", name));
  std::vector<OptionSpec> options = check.options();

  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : field.json().items()) {
    Field option_field(value, child_pointer(field.pointer(), key), field.source());
    if (key == kAllowInconclusive) {
      out[key] = option_field.as_bool();
      continue;
    }
    auto it = std::find_if(options.begin(), options.end(), [&](const OptionSpec& o) { return o.name == key; });
    if (it == options.end()) {
      option_field.fail(fmt::format("unknown option \"{}\" for check \"{}\"", key, name),
                        fix_for_unknown(key, option_names(check), fmt::format("options of \"{}\"", name)));
    }
    out[key] = read_option(option_field, *it);
  }
  return out;
}

}  // namespace

std::vector<std::string> check_names(const CheckRegistry& checks) {
  std::vector<std::string> names;
  for (const auto& check : checks.all()) names.emplace_back(check->name());
  return names;
}

nlohmann::json read_expect(const Field& field, const CheckRegistry& checks, Scenario& scenario) {
  ObjectField expect(field, "\"expect\"");
  scenario.expect = nlohmann::json::object();
  scenario.allow_inconclusive = false;

  for (const auto& [key, value] : field.json().items()) {
    Field entry(value, child_pointer(field.pointer(), key), field.source());
    if (key == kAllowInconclusive) {
      scenario.allow_inconclusive = entry.as_bool();
      continue;
    }
    const Check* check = checks.find(key);
    if (check == nullptr) {
      entry.fail(fmt::format("unknown check \"{}\"", key),
                 fix_for_unknown(key, check_names(checks), "checks") + ", or allow_inconclusive");
    }
    scenario.expect[key] = read_check_options(entry, *check);
  }

  nlohmann::json normalised = scenario.expect;
  normalised[kAllowInconclusive] = scenario.allow_inconclusive;
  return normalised;
}

std::vector<std::string> read_expect_failure(const Field& field, const CheckRegistry& checks) {
  std::vector<std::string> names;
  for (const Field& item : field.as_array(0, "check names")) {
    std::string name = item.as_string();
    if (checks.find(name) == nullptr) {
      item.fail(fmt::format("unknown check \"{}\"", name), fix_for_unknown(name, check_names(checks), "checks"));
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      item.fail(fmt::format("check \"{}\" is listed twice", name), "list each check once");
    }
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace freezedrill::loader_detail
