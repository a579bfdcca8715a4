#include "sim/core/error.h"

#include <fmt/format.h>

namespace freezedrill {

InputError::InputError(Place place, std::string problem, std::string value, std::string fix)
    : std::runtime_error(compose(place, problem, value, fix)),
      place_(std::move(place)),
      problem_(std::move(problem)),
      value_(std::move(value)),
      fix_(std::move(fix)) {}

std::string InputError::compose(const Place& place, const std::string& problem, const std::string& value,
                                const std::string& fix) {
  std::string out = place.file.empty() ? std::string("<input>") : place.file;
  if (place.line > 0) {
    out += fmt::format(":{}", place.line);
    if (place.column > 0) out += fmt::format(":{}", place.column);
  }
  out += ": " + problem;
  if (!place.pointer.empty() || !value.empty()) {
    out += " (";
    if (!place.pointer.empty()) out += "at " + place.pointer;
    if (!place.pointer.empty() && !value.empty()) out += ", ";
    if (!value.empty()) out += "value " + value;
    out += ")";
  }
  if (!fix.empty()) out += "; fix: " + fix;
  return out;
}

}  // namespace freezedrill
