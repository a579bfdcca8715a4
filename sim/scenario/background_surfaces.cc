#include "sim/scenario/background_surfaces.h"

#include <fmt/format.h>

#include <algorithm>

namespace freezedrill::loader_detail {
namespace {

const std::vector<std::string> kArrivals = {"poisson", "fixed"};
const std::vector<std::string> kRestartBackoffKeys = {"base", "cap"};
const std::vector<std::string> kIntervalKeys = {"every"};

constexpr int kMaxBatch = 10000;
constexpr std::int64_t kMaxDocuments = 1000 * 1000 * 1000;
constexpr int kMaxCronWrites = 10000;
constexpr int kMaxBacklog = 1000 * 1000;

// A loop that checks the flag more often than every millisecond would only
// flood the history, and fails drains' busy-loop rule long before that.
constexpr DurationRule kLoopPeriod{kMicrosPerMilli, false};
constexpr DurationRule kNonNegative{0, false};
// Cron fires fall on whole seconds, so an interval is at least one.
constexpr DurationRule kCronInterval{kMicrosPerSecond, false};

bool is_entry_point_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

nlohmann::json optional_duration_json(const std::optional<Micros>& d) {
  return d ? nlohmann::json(format_duration(*d)) : nlohmann::json(nullptr);
}

// `schedule`: a cron expression string, or { "every": DURATION }.
nlohmann::json read_schedule(const ObjectField& cron, JobSchedule& schedule) {
  Field field = cron.require("schedule", "add a schedule such as \"*/30 * * * * *\" or { \"every\": \"30s\" }");
  if (field.json().is_string()) {
    CronParse parsed = CronExpression::parse(field.as_string());
    if (!parsed.expression) field.fail(parsed.problem, parsed.fix);
    schedule.expression = std::move(parsed.expression);
    return schedule.expression->text();
  }
  if (!field.json().is_object()) {
    field.fail("expected a cron expression or an interval object",
               "write a cron expression of 5 or 6 fields as a string, such as \"*/5 * * * *\", or an interval "
               "such as { \"every\": \"30s\" }");
  }

  ObjectField interval(field, "\"schedule\"");
  interval.allow_keys(kIntervalKeys);
  schedule.every = interval.require("every", "add the interval, such as \"every\": \"30s\"").as_duration(kCronInterval);
  return {{"every", format_duration(*schedule.every)}};
}

// Entry point names, each once. An empty list, like an absent one, means
// one entry point named after the surface.
std::vector<std::string> read_entry_points(const ObjectField& cron) {
  std::vector<std::string> names;
  std::optional<Field> found = cron.find("entry_points");
  if (!found) return names;

  for (const Field& item : found->as_array(0, "entry point names such as \"scheduler\"")) {
    std::string name =
        item.as_name("lower-case letters, digits, _ and -, such as \"http_trigger\"", is_entry_point_char);
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      item.fail(fmt::format("entry point \"{}\" is listed twice", name), "list each entry point once");
    }
    names.push_back(name);
  }
  return names;
}

nlohmann::json read_restart_backoff(const ObjectField& worker, WorkerSpec& spec) {
  if (std::optional<Field> found = worker.find("restart_backoff")) {
    ObjectField object(*found, "\"restart_backoff\"");
    object.allow_keys(kRestartBackoffKeys);
    spec.restart_base = object.duration_or("base", {1, false}, spec.restart_base);
    spec.restart_cap = object.duration_or("cap", {1, false}, spec.restart_cap);
    if (spec.restart_cap < spec.restart_base) {
      Field cap = object.find("cap") ? *object.find("cap") : object.field();
      cap.fail(fmt::format("the restart backoff cap is below its base ({})", format_duration(spec.restart_base)),
               fmt::format("write a cap of \"{}\" or more", format_duration(spec.restart_base)));
    }
  }
  return {{"base", format_duration(spec.restart_base)}, {"cap", format_duration(spec.restart_cap)}};
}

// The producer's span needs a producer, and ends after it starts.
void read_producer(const ObjectField& worker, WorkerSpec& spec) {
  spec.produce_rate = worker.optional_rate("produce_rate");
  spec.produce_from = worker.duration_or("produce_from", kNonNegative, 0);
  spec.produce_until = worker.optional_duration("produce_until", {1, false});

  for (const char* key : {"produce_from", "produce_until"}) {
    std::optional<Field> field = worker.find(key);
    if (field && !field->is_null() && !spec.produce_rate) {
      field->fail(fmt::format("\"{}\" is set but the worker has no producer", key),
                  fmt::format("add \"produce_rate\", such as \"1/s\", or remove \"{}\"", key));
    }
  }
  if (spec.produce_until && *spec.produce_until <= spec.produce_from) {
    worker.find("produce_until")
        ->fail(fmt::format("produce_until is not after produce_from ({})", format_duration(spec.produce_from)),
               "end the producer's span after it starts");
  }
}

}  // namespace

nlohmann::json read_embedding_backfill(const ObjectField& backfill, const DeploymentSpec&, SurfaceSpec& spec) {
  BackfillSpec& b = spec.backfill;
  b.batch = static_cast<int>(backfill.integer_or("batch", 1, kMaxBatch, b.batch));
  b.every = backfill.duration_or("every", kLoopPeriod, b.every);
  b.embed_latency = backfill.duration_or("embed_latency", kNonNegative, b.embed_latency);
  b.documents = backfill.integer_or("documents", 1, kMaxDocuments, b.documents);

  return {{"batch", b.batch},
          {"every", format_duration(b.every)},
          {"embed_latency", format_duration(b.embed_latency)},
          {"documents", b.documents}};
}

nlohmann::json read_cron(const ObjectField& cron, const DeploymentSpec&, SurfaceSpec& spec) {
  CronSpec& c = spec.cron;
  nlohmann::json schedule = read_schedule(cron, c.schedule);
  c.writes = static_cast<int>(cron.integer_or("writes", 0, kMaxCronWrites, c.writes));
  c.job_duration = cron.duration_or("job_duration", kNonNegative, c.job_duration);
  c.entry_points = read_entry_points(cron);

  return {{"schedule", schedule},
          {"writes", c.writes},
          {"job_duration", format_duration(c.job_duration)},
          {"entry_points", c.entry_points}};
}

nlohmann::json read_worker(const ObjectField& worker, const DeploymentSpec&, SurfaceSpec& spec) {
  WorkerSpec& w = spec.worker;
  w.poll = worker.duration_or("poll", kLoopPeriod, w.poll);
  w.job_duration = worker.duration_or("job_duration", kNonNegative, w.job_duration);
  w.backlog = static_cast<int>(worker.integer_or("backlog", 0, kMaxBacklog, w.backlog));
  read_producer(worker, w);
  std::string arrivals = worker.choice_or("arrivals", kArrivals, "poisson", "arrival processes");
  spec.fixed_arrivals = arrivals == "fixed";
  nlohmann::json restart_backoff = read_restart_backoff(worker, w);

  return {{"poll", format_duration(w.poll)},
          {"job_duration", format_duration(w.job_duration)},
          {"backlog", w.backlog},
          {"produce_rate", w.produce_rate ? nlohmann::json(format_rate(*w.produce_rate)) : nlohmann::json(nullptr)},
          {"produce_from", format_duration(w.produce_from)},
          {"produce_until", optional_duration_json(w.produce_until)},
          {"arrivals", arrivals},
          {"restart_backoff", restart_backoff}};
}

}  // namespace freezedrill::loader_detail
