#ifndef FREEZEDRILL_TESTS_UNIT_HISTORY_EVENTS_H_
#define FREEZEDRILL_TESTS_UNIT_HISTORY_EVENTS_H_

#include <utility>
#include <variant>
#include <vector>

#include "sim/history/history.h"

namespace freezedrill::test {

// Every event of one kind in the history, with its time, in history order.
template <typename Body>
std::vector<std::pair<Micros, Body>> events_of(const History& history) {
  std::vector<std::pair<Micros, Body>> found;
  for (const Event& e : history.events()) {
    if (const auto* body = std::get_if<Body>(&e.body)) found.emplace_back(e.t, *body);
  }
  return found;
}

}  // namespace freezedrill::test

#endif  // FREEZEDRILL_TESTS_UNIT_HISTORY_EVENTS_H_
