#include <fmt/format.h>

#include <climits>

#include "sim/scenario/sections.h"

namespace freezedrill::loader_detail {
namespace {

const std::vector<std::string> kWindowKeys = {"start", "end", "mode", "retry_after", "retry_after_form",
                                              "announce_lead", "soak", "extensions", "escalation"};
const std::vector<std::string> kEscalationKeys = {"read_errors", "delta_s", "extend_by", "max_extensions", "every"};
constexpr std::int64_t kMaxEscalations = 100;
const std::vector<std::string> kModes = {"read_only", "maintenance"};
const std::vector<std::string> kRetryAfterForms = {"seconds", "date"};

constexpr DurationRule kWholePositiveSeconds{1, true};

// S and E, both in whole seconds, with 0 < S < E <= duration.
void read_bounds(const ObjectField& window, Micros duration, WindowSpec& spec) {
  Field start = window.require("start", "add the time writes freeze, counted from the epoch, such as \"60s\"");
  spec.start = start.as_duration(kWholePositiveSeconds);
  if (spec.start >= duration) {
    start.fail(fmt::format("the window starts at or after the end of the run (duration {})", format_duration(duration)),
               fmt::format("start the window before {} or make \"duration\" longer", format_duration(duration)));
  }

  Field end = window.require("end", "add the time writes are re-enabled, counted from the epoch, such as \"4m\"");
  spec.end = end.as_duration(kWholePositiveSeconds);
  if (spec.end <= spec.start) {
    end.fail(fmt::format("the window ends at or before its start ({})", format_duration(spec.start)),
             fmt::format("write an end later than \"{}\"", format_duration(spec.start)));
  }
  if (spec.end > duration) {
    end.fail(
        fmt::format("the window ends after the end of the run (duration {})", format_duration(duration)),
        fmt::format("end the window at \"{}\" or earlier, or make \"duration\" longer", format_duration(duration)));
  }
}

// "until_end" (or null: not declared) or a fixed number of seconds.
nlohmann::json read_retry_after(const ObjectField& window, WindowSpec& spec) {
  spec.retry_after.kind = RetryAfterPolicy::Kind::kUntilEnd;
  spec.retry_after.value = 0;
  spec.retry_after.declared = false;

  std::optional<Field> field = window.find("retry_after");
  if (!field || field->is_null()) return nullptr;

  spec.retry_after.declared = true;
  if (field->json() == "until_end") return "until_end";

  std::string fix = "write \"until_end\" or a whole number of seconds such as \"120s\"";
  if (!field->json().is_string()) {
    if (field->json().is_number_integer()) fix = fmt::format("add a unit: write \"{}s\"", show_value(field->json()));
    field->fail("expected \"until_end\" or a duration string", fix);
  }
  const std::string& text = field->json().get_ref<const std::string&>();
  bool negative = !text.empty() && text[0] == '-';
  if (!negative && !parse_duration(text)) field->fail("expected \"until_end\" or a duration", fix);

  spec.retry_after.kind = RetryAfterPolicy::Kind::kFixed;
  spec.retry_after.value = field->as_duration(kWholePositiveSeconds);
  return format_duration(spec.retry_after.value);
}

// The announcement and the soak must fit inside the run around the window.
void read_lead_and_soak(const ObjectField& window, Micros duration, WindowSpec& spec) {
  spec.announce_lead = window.duration_or("announce_lead", {}, 0);
  if (spec.announce_lead > spec.start) {
    window.find("announce_lead")
        ->fail(fmt::format("announce_lead is longer than the time before the window starts ({})",
                           format_duration(spec.start)),
               fmt::format("write \"{}\" or less, or start the window later", format_duration(spec.start)));
  }

  spec.soak = window.duration_or("soak", {}, 0);
  if (spec.end + spec.soak > duration) {
    window.find("soak")->fail(
        fmt::format("the soak ends after the end of the run (window end {} + soak > duration {})",
                    format_duration(spec.end), format_duration(duration)),
        fmt::format("write \"{}\" or less, or make \"duration\" longer", format_duration(duration - spec.end)));
  }
}

// Each extension comes inside the window as it is then, S <= at < end, and
// moves the end later, in whole seconds, with room for the soak.
WindowExtensionSpec read_extension(const Field& item, Micros duration, const WindowSpec& spec, Micros current_end) {
  ObjectField object(item, "a window extension");
  object.allow_keys({"at", "end"});

  WindowExtensionSpec extension;
  Field at = object.require("at", "add the time the operator extends the window, such as \"150s\"");
  extension.at = at.as_duration({});
  if (extension.at < spec.start || extension.at >= current_end) {
    at.fail(fmt::format("the extension must come inside the window as it stands then, [{}, {})",
                        format_duration(spec.start), format_duration(current_end)),
            fmt::format("write a time from \"{}\" up to, but not including, \"{}\"", format_duration(spec.start),
                        format_duration(current_end)));
  }

  Field end = object.require("end", "add the new end of the window, such as \"6m\"");
  extension.end = end.as_duration(kWholePositiveSeconds);
  if (extension.end <= current_end) {
    end.fail(fmt::format("the new end is not later than the end in force ({})", format_duration(current_end)),
             fmt::format("write an end later than \"{}\"", format_duration(current_end)));
  }
  if (extension.end + spec.soak > duration) {
    end.fail(fmt::format("the extended window and its soak end after the end of the run (soak {}, duration {})",
                         format_duration(spec.soak), format_duration(duration)),
             fmt::format("write \"{}\" or earlier, or make \"duration\" longer",
                         format_duration(duration - spec.soak)));
  }
  return extension;
}

// `extensions`, in time order: each comes after the one before it.
nlohmann::json read_extensions(const ObjectField& window, Micros duration, WindowSpec& spec) {
  nlohmann::json normalised = nlohmann::json::array();
  std::optional<Field> found = window.find("extensions");
  if (!found) return normalised;

  Micros current_end = spec.end;
  Micros previous_at = -1;
  for (const Field& item : found->as_array(0, "extensions such as { \"at\": \"150s\", \"end\": \"6m\" }")) {
    WindowExtensionSpec extension = read_extension(item, duration, spec, current_end);
    if (extension.at <= previous_at) {
      ObjectField(item, "a window extension").find("at")->fail(
          "extensions must be listed in time order, each after the one before it",
          fmt::format("write a time after \"{}\", or reorder the list", format_duration(previous_at)));
    }
    previous_at = extension.at;
    current_end = extension.end;
    spec.extensions.push_back(extension);
    normalised.push_back({{"at", format_duration(extension.at)}, {"end", format_duration(extension.end)}});
  }
  return normalised;
}

// The latest end the window can reach: the last scheduled extension's end.
Micros last_scheduled_end(const WindowSpec& spec) {
  return spec.extensions.empty() ? spec.end : spec.extensions.back().end;
}

// `escalation`: absent or null means the operator never extends on its own.
// Every triggered extension, after the scheduled ones, must leave room for
// the soak before the end of the run.
nlohmann::json read_escalation(const ObjectField& window, Micros duration, WindowSpec& spec) {
  std::optional<Field> found = window.find("escalation");
  if (!found || found->is_null()) return nullptr;

  ObjectField object(*found, "\"escalation\"");
  object.allow_keys(kEscalationKeys);
  EscalationSpec escalation;
  std::optional<Field> read_errors = object.find("read_errors");
  if (read_errors && !read_errors->is_null()) escalation.read_errors = read_errors->as_integer(1, INT32_MAX);
  std::optional<Field> delta_s = object.find("delta_s");
  if (delta_s && !delta_s->is_null()) {
    escalation.delta_s = delta_s->as_number(0.0, 1.0);
    if (*escalation.delta_s <= 0.0) {
      delta_s->fail("delta_s must be above 0", "write a Delta S from 0.01 to 1, such as 0.3");
    }
  }
  if (!escalation.read_errors && !escalation.delta_s) {
    found->fail("the escalation has no trigger",
                "add \"read_errors\": 5 (failed reads), \"delta_s\": 0.3 (a drifting probe answer), or both");
  }

  Field extend_by = object.require("extend_by", "add how far each escalation moves the end, such as \"60s\"");
  escalation.extend_by = extend_by.as_duration(kWholePositiveSeconds);
  escalation.max_extensions = static_cast<int>(object.integer_or("max_extensions", 1, kMaxEscalations, 1));
  escalation.every = object.duration_or("every", {kMicrosPerMilli, false}, escalation.every);

  Micros latest = last_scheduled_end(spec) + escalation.extend_by * escalation.max_extensions;
  if (latest + spec.soak > duration) {
    extend_by.fail(fmt::format("{} escalations would end the window at {}, and with the soak after the end of the "
                               "run (duration {})",
                               escalation.max_extensions, format_duration(latest), format_duration(duration)),
                   "extend by less, allow fewer \"max_extensions\", or make \"duration\" longer");
  }
  spec.escalation = escalation;

  return {{"read_errors", escalation.read_errors ? nlohmann::json(*escalation.read_errors) : nlohmann::json(nullptr)},
          {"delta_s", escalation.delta_s ? nlohmann::json(*escalation.delta_s) : nlohmann::json(nullptr)},
          {"extend_by", format_duration(escalation.extend_by)},
          {"max_extensions", escalation.max_extensions},
          {"every", format_duration(escalation.every)}};
}

}  // namespace

WindowSpec read_window(const Field& field, Micros duration, nlohmann::json& normalised) {
  ObjectField window(field, "\"window\"");
  window.allow_keys(kWindowKeys);

  WindowSpec spec;
  read_bounds(window, duration, spec);
  spec.mode = window.choice_or("mode", kModes, "read_only", "modes");
  nlohmann::json retry_after = read_retry_after(window, spec);
  std::string form = window.choice_or("retry_after_form", kRetryAfterForms, "seconds", "forms");
  spec.retry_after.form = form == "date" ? RetryAfterPolicy::Form::kDate : RetryAfterPolicy::Form::kSeconds;
  read_lead_and_soak(window, duration, spec);
  nlohmann::json extensions = read_extensions(window, duration, spec);
  nlohmann::json escalation = read_escalation(window, duration, spec);

  normalised = {{"start", format_duration(spec.start)},
                {"end", format_duration(spec.end)},
                {"mode", spec.mode},
                {"retry_after", retry_after},
                {"retry_after_form", form},
                {"announce_lead", format_duration(spec.announce_lead)},
                {"soak", format_duration(spec.soak)},
                {"extensions", extensions},
                {"escalation", escalation}};
  return spec;
}

}  // namespace freezedrill::loader_detail
