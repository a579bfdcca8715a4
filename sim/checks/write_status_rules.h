#ifndef FREEZEDRILL_SIM_CHECKS_WRITE_STATUS_RULES_H_
#define FREEZEDRILL_SIM_CHECKS_WRITE_STATUS_RULES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/checks/check.h"
#include "sim/checks/window.h"
#include "sim/checks/write_pairs.h"

namespace freezedrill {

// The per-response rules of write_status, apart from the check that
// combines them. Internal to sim/checks.

struct WriteStatusOptions {
  Micros fence_grace = 0;
  Micros reenable_within = 0;
  Micros max_retry_after = 0;
  Micros extension_tolerance = 0;
};

WriteStatusOptions read_write_status_options(const CheckOptions& options);

// Counters behind the check's figures and warnings.
struct WriteStatusTally {
  std::int64_t window_judged = 0;
  std::int64_t wrong_status = 0;
  std::int64_t missing_retry_after = 0;
  std::int64_t invalid_retry_after = 0;
  std::int64_t out_of_bounds_retry_after = 0;
  std::int64_t policy_mismatches = 0;
  std::int64_t missing_code = 0;
  std::int64_t differing_codes = 0;
  std::int64_t non_imf_dates = 0;
  std::int64_t dates_without_date_header = 0;
  std::int64_t after_reenable_judged = 0;
  std::int64_t still_refused = 0;
  std::int64_t skipped_critical = 0;
  std::int64_t without_response = 0;
};

// State shared by the rules while the window's writes are judged in receive order.
struct WindowJudgeContext {
  WindowJudgeContext(const History& h, const WriteStatusOptions& o) : history(h), options(o), ends(h) {}

  const History& history;
  WriteStatusOptions options;
  WindowEnds ends;
  // The first error code seen on a refused window write. Every other refused
  // write must carry the same one.
  std::string reference_code;
};

// Applies the status, Retry-After, policy and error code rules to one
// answered window write and returns its problems, empty when it passes.
// REQUIRES: write.answered().
std::vector<std::string> judge_window_response(WindowJudgeContext& context, const WritePair& write,
                                               WriteStatusTally& tally);

// True for the statuses a frozen write endpoint responds with: 423 Locked
// (RFC 4918 section 11.3) and 503 Service Unavailable (RFC 9110 section 15.6.4).
bool is_refusal_status(std::uint16_t status);

}  // namespace freezedrill

#endif  // FREEZEDRILL_SIM_CHECKS_WRITE_STATUS_RULES_H_
