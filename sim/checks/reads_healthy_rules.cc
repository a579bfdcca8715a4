#include "sim/checks/reads_healthy_rules.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "sim/checks/text.h"
#include "sim/http/retry_after.h"

namespace freezedrill {
namespace {

__extension__ typedef unsigned __int128 Wide;

constexpr std::int64_t kMillion = 1'000'000;

// A budget of 10^6 ppm already lets every judged read fail, so capping it
// there changes no verdict. With the cap, and counts below 2^53 (each read is
// an event in memory), every product below stays under 2^127.
Wide capped_ppm(std::int64_t ppm) { return static_cast<Wide>(std::clamp<std::int64_t>(ppm, 0, kMillion)); }

Wide wide(std::int64_t n) { return static_cast<Wide>(n); }

// Keeps round(p99_ratio * 1000) far inside int64, even for a huge ratio,
// which the scenario validator accepts.
constexpr double kMaxRatioThousandths = 1e15;

// The normal rule: a failed or overloaded read path. 423 and 429 count
// because a read must never be locked or rate-limited by the freeze.
std::optional<std::string> status_error(std::uint16_t status) {
  if (status >= 500 && status <= 599) return fmt::format("status {} (server error)", status);
  if (status == 423) return std::string("status 423 Locked");
  if (status == 429) return std::string("status 429 Too Many Requests");
  return std::nullopt;
}

// Maintenance mode: every endpoint but health refuses with 503 and a valid
// Retry-After (RFC 9110 sections 15.6.4 and 10.2.3). The raw field lines are
// parsed again here instead of trusting the parse made while recording.
std::optional<std::string> maintenance_error(const History& history, const ReadPair& read) {
  const ev::ResponseReceived& response = *read.response;
  if (response.status != 503) {
    return fmt::format("status {}, but a read sent during the maintenance window must get 503 with a valid "
                       "Retry-After",
                       response.status);
  }

  std::string_view raw = history.str(response.retry_after_raw);
  RetryAfterValue value = parse_retry_after(split_retry_after_raw(raw, response.retry_after_count),
                                            unix_seconds_at(history, read.received_at));
  if (value.form == RetryAfterForm::kAbsent) return std::string("status 503 without Retry-After");
  if (!value.valid()) {
    return fmt::format("status 503 with an invalid Retry-After {}: {}", quote_value(raw), value.error);
  }
  return std::nullopt;
}

}  // namespace

ReadsHealthyOptions read_reads_healthy_options(const CheckOptions& options) {
  ReadsHealthyOptions o;
  o.warm_up = options.duration("warm_up");
  o.error_budget_ppm = options.integer("error_budget");
  o.min_samples = options.integer("min_samples");

  double thousandths = std::round(options.number("p99_ratio") * 1000.0);
  o.p99_ratio_thousandths = static_cast<std::int64_t>(std::clamp(thousandths, 0.0, kMaxRatioThousandths));
  return o;
}

ReadSpan ReadSpans::span_of(Micros sent_at) const {
  if (judged.contains(sent_at)) return ReadSpan::kJudged;
  if (baseline.contains(sent_at)) return ReadSpan::kBaseline;
  return ReadSpan::kOutside;
}

ReadSpans read_spans(const History& history, Micros warm_up) {
  const HistoryHeader& header = history.header();
  Micros end = WindowEnds(history).final_end();

  ReadSpans spans;
  spans.baseline = FenceWindow{warm_up, header.start - header.announce_lead};
  spans.judged = FenceWindow{header.start, end + header.soak};
  spans.window = FenceWindow{header.start, end};
  return spans;
}

std::optional<std::string> read_error(const History& history, const ReadPair& read, bool refusal_expected) {
  if (read.response == nullptr) return std::string("no response before the end of the history");

  const ev::ResponseReceived& response = *read.response;
  if (response.status == 0) {
    std::string_view cause = history.str(response.transport_error);
    return fmt::format("transport failure: {}", cause.empty() ? std::string_view("cause not recorded") : cause);
  }
  if (refusal_expected) return maintenance_error(history, read);
  return status_error(response.status);
}

bool baseline_over_budget(const ErrorCounts& counts, std::int64_t ppm) {
  return wide(counts.baseline_errors) * kMillion > capped_ppm(ppm) * wide(counts.baseline_reads);
}

bool budget_exceeded(const ErrorCounts& counts, std::int64_t ppm) {
  Wide n_b = wide(counts.baseline_reads);
  Wide n_w = wide(counts.judged_reads);
  Wide judged = wide(counts.judged_errors) * n_b * kMillion;
  Wide allowed = wide(counts.baseline_errors) * n_w * kMillion + capped_ppm(ppm) * n_b * n_w;
  return judged > allowed;
}

std::int64_t allowed_errors(const ErrorCounts& counts, std::int64_t ppm) {
  Wide n_w = wide(counts.judged_reads);
  if (counts.baseline_reads == 0) return static_cast<std::int64_t>(capped_ppm(ppm) * n_w / kMillion);

  Wide n_b = wide(counts.baseline_reads);
  Wide allowed = wide(counts.baseline_errors) * n_w * kMillion + capped_ppm(ppm) * n_b * n_w;
  return static_cast<std::int64_t>(allowed / (n_b * kMillion));
}

std::int64_t error_rate_ppm(std::int64_t errors, std::int64_t reads) {
  if (reads <= 0) return 0;
  return static_cast<std::int64_t>(wide(errors) * kMillion / wide(reads));
}

Micros nearest_rank_p99(std::vector<Micros> latencies) {
  std::sort(latencies.begin(), latencies.end());
  // ceil(0.99 * n) in integers.
  std::size_t rank = (99 * latencies.size() + 99) / 100;
  return latencies[rank - 1];
}

Micros p99_bound(Micros baseline_p99, std::int64_t ratio_thousandths) {
  Wide scaled = wide(baseline_p99) * wide(ratio_thousandths) / 1000;
  Micros ratio_bound = static_cast<Micros>(std::min<Wide>(scaled, wide(std::numeric_limits<Micros>::max())));
  // The 1 ms floor keeps a fast baseline from failing on a rise of a few microseconds.
  return std::max(ratio_bound, baseline_p99 + kMicrosPerMilli);
}

}  // namespace freezedrill
