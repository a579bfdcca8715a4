#ifndef FREEZEDRILL_SIM_CHECKS_TEXT_H_
#define FREEZEDRILL_SIM_CHECKS_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/time.h"

namespace freezedrill {

// Wording shared by the checks' summaries and evidence, so every check
// prints times and counts the same way.

// Virtual time with its unit, "61.000250s".
std::string time_text(Micros t);

// A count with its noun: "1 write", "3 writes".
std::string count_text(std::int64_t n, std::string_view singular, std::string_view plural);

// Escapes a raw value for a message: quotes, backslashes and line breaks
// become visible, so "120\n120" shows that two field lines arrived.
std::string quote_value(std::string_view raw);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_TEXT_H_
