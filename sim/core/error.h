#ifndef FREEZEDRILL_SIM_CORE_ERROR_H_
#define FREEZEDRILL_SIM_CORE_ERROR_H_

#include <stdexcept>
#include <string>

namespace freezedrill {

// Invalid input at an edge of the tool: a scenario file, a history file or a
// command-line argument. The CLI prints what() and exits 2.
//
// The message reads:
//   FILE:LINE:COL: PROBLEM (at /json/pointer, value VALUE); fix: FIX
// with the parts that are known.
class InputError : public std::runtime_error {
 public:
  struct Place {
    std::string file;       // path as the user gave it
    int line = 0;           // 1-based, 0 if unknown
    int column = 0;         // 1-based, 0 if unknown
    std::string pointer;    // JSON pointer, "" if unknown
  };

  InputError(Place place, std::string problem, std::string value, std::string fix);

  const Place& place() const { return place_; }
  const std::string& problem() const { return problem_; }
  const std::string& value() const { return value_; }
  const std::string& fix() const { return fix_; }

 private:
  static std::string compose(const Place& place, const std::string& problem, const std::string& value,
                             const std::string& fix);

  Place place_;
  std::string problem_;
  std::string value_;
  std::string fix_;
};

// The target or the environment could not be reached (exit 3).
class UnreachableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CORE_ERROR_H_
