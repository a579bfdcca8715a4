#include "sim/checks/operations.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "sim/checks/text.h"

namespace freezedrill {
namespace {

// (actor, idempotency key, op_id). The op_id is 0 when a key is set, because
// every attempt of a keyed operation shares the key but not always the op_id.
using OperationIdentity = std::tuple<StrId, StrId, std::uint64_t>;

OperationIdentity identity_of(StrId actor, StrId key, std::uint64_t op_id) {
  if (key != kNoStr) return {actor, key, 0};
  return {actor, kNoStr, op_id};
}

// Builds the operations in one pass over the history.
class OperationCollector {
 public:
  void add_request(EventIndex index, Micros t, const ev::RequestSent& request);
  void add_response(EventIndex index, Micros t, const ev::ResponseReceived& response);
  void add_give_up(EventIndex index, Micros t, const ev::OperationGivenUp& give_up);
  std::vector<Operation> take() { return std::move(operations_); }

 private:
  std::vector<Operation> operations_;
  std::map<OperationIdentity, std::size_t> operation_by_identity_;
  // request id -> (operation, attempt) positions
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>> attempt_by_request_;
};

void OperationCollector::add_request(EventIndex index, Micros t, const ev::RequestSent& request) {
  if (request.replay) return;
  OperationIdentity identity = identity_of(request.actor, request.idempotency_key, request.op_id);
  auto [it, inserted] = operation_by_identity_.try_emplace(identity, operations_.size());
  if (inserted) {
    Operation operation;
    operation.actor = request.actor;
    operation.idempotency_key = request.idempotency_key;
    operation.op_id = request.op_id;
    operation.write = request.write;
    operations_.push_back(std::move(operation));
  }

  Operation& operation = operations_[it->second];
  attempt_by_request_[request.request_id] = {it->second, operation.attempts.size()};
  operation.attempts.push_back(Attempt{index, t, &request, kNoEventIndex, kNoTime, nullptr});
}

void OperationCollector::add_response(EventIndex index, Micros t, const ev::ResponseReceived& response) {
  auto it = attempt_by_request_.find(response.request_id);
  if (it == attempt_by_request_.end()) return;  // a replay's response, or no request recorded
  Attempt& attempt = operations_[it->second.first].attempts[it->second.second];
  if (attempt.answered()) return;  // a duplicate response does not replace the first
  attempt.received_index = index;
  attempt.received_at = t;
  attempt.response = &response;
}

void OperationCollector::add_give_up(EventIndex index, Micros t, const ev::OperationGivenUp& give_up) {
  auto it = operation_by_identity_.find(identity_of(give_up.actor, give_up.idempotency_key, give_up.op_id));
  if (it == operation_by_identity_.end()) return;  // no attempt of it was recorded
  operations_[it->second].give_ups.push_back(GiveUp{index, t, &give_up});
}

}  // namespace

const GiveUp* Operation::give_up_after(EventIndex index) const {
  auto it = std::find_if(give_ups.begin(), give_ups.end(), [index](const GiveUp& g) { return g.index > index; });
  return it == give_ups.end() ? nullptr : &*it;
}

std::vector<Operation> collect_operations(const History& history) {
  OperationCollector collector;
  const std::vector<Event>& events = history.events();
  for (EventIndex i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (const auto* request = std::get_if<ev::RequestSent>(&e.body)) {
      collector.add_request(i, e.t, *request);
    } else if (const auto* response = std::get_if<ev::ResponseReceived>(&e.body)) {
      collector.add_response(i, e.t, *response);
    } else if (const auto* give_up = std::get_if<ev::OperationGivenUp>(&e.body)) {
      collector.add_give_up(i, e.t, *give_up);
    }
  }
  // Operations are created at their first send and events are in time
  // order, so they are already sorted by first send.
  return collector.take();
}

std::string operation_label(const History& history, const Operation& operation) {
  if (operation.idempotency_key != kNoStr) {
    return "key " + quote_value(history.str(operation.idempotency_key));
  }
  return fmt::format("operation {}", operation.op_id);
}

Micros history_end(const History& history) {
  Micros end = history.header().duration;
  if (!history.events().empty()) end = std::max(end, history.events().back().t);
  return end;
}

}  // namespace freezedrill
