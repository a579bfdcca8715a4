#ifndef FREEZEDRILL_SIM_CHECKS_CHECK_H_
#define FREEZEDRILL_SIM_CHECKS_CHECK_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/time.h"
#include "sim/history/history.h"
#include "sim/result/result.h"

namespace freezedrill {

// One option a check takes, with its default. Defaults are recorded in the
// history header, so `freezedrill check` re-runs with the same values.
struct OptionSpec {
  enum class Type { kDuration, kNumber, kInteger, kBool };
  std::string name;
  Type type = Type::kDuration;
  nlohmann::json default_value;  // null means "off"
  std::string help;
  bool nullable = false;         // may be set to null ("off") by a scenario
  // What a null default means, for `list checks`: "off" unless the check
  // computes a value instead.
  std::string null_means = "off";
};

// The resolved options of one check: typed reads of a JSON object whose
// values were validated against the check's OptionSpecs.
class CheckOptions {
 public:
  explicit CheckOptions(nlohmann::json values) : values_(std::move(values)) {}

  Micros duration(std::string_view name) const;
  std::optional<Micros> optional_duration(std::string_view name) const;
  double number(std::string_view name) const;
  std::optional<double> optional_number(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  bool flag(std::string_view name) const;
  const nlohmann::json& raw() const { return values_; }

 private:
  const nlohmann::json& at(std::string_view name) const;
  nlohmann::json values_;
};

// A check: a pure function of (history, options) returning a verdict.
// Checks read only the history and their options.
class Check {
 public:
  virtual ~Check() = default;

  virtual std::string_view name() const = 0;
  virtual std::string_view summary() const = 0;  // one line for `list checks`
  virtual std::string_view remedy() const = 0;   // the runbook step that fixes a failure
  virtual std::vector<OptionSpec> options() const = 0;
  virtual CheckResult run(const History& history, const CheckOptions& options) const = 0;
};

// Checks by name, in registration order (which is the report order).
class CheckRegistry {
 public:
  void add(std::unique_ptr<Check> check);
  const Check* find(std::string_view name) const;
  const std::vector<std::unique_ptr<Check>>& all() const { return checks_; }

  // Every check's options with defaults, overlaid with `expect`
  // ({"check": {"option": value}}), which must already be validated.
  nlohmann::json resolve_options(const nlohmann::json& expect) const;

  // Runs every check on the history with the options in its header.
  std::vector<CheckResult> run_all(const History& history) const;

 private:
  std::vector<std::unique_ptr<Check>> checks_;
};

// The registry with every built-in check.
const CheckRegistry& builtin_checks();

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_CHECK_H_
