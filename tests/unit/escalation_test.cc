// The operator's escalation: read errors or a drifting probe answer in the
// window extend it, and the banner and the status page carry the new end.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fakes/deployment/reference_deployment.h"
#include "sim/core/embedding.h"
#include "sim/runner/operator.h"
#include "sim/runtime/sim_runtime.h"

namespace freezedrill {
namespace {

constexpr Micros kSecond = kMicrosPerSecond;

Scenario escalating_scenario(EscalationSpec escalation) {
  Scenario s;
  s.epoch = "2026-03-01T02:00:00Z";
  s.epoch_unix = 1772330400;
  s.duration = 600 * kSecond;
  s.window.start = 60 * kSecond;
  s.window.end = 180 * kSecond;
  s.window.soak = 10 * kSecond;
  s.window.escalation = escalation;
  return s;
}

// Runs the operator alone; `inject` records monitoring events into the
// history at chosen times.
class EscalationTest : public testing::Test {
 protected:
  void run(const Scenario& scenario, const std::function<void(SimRuntime&)>& inject) {
    SimRuntime runtime(1, scenario.epoch_unix, history_);
    ReferenceDeployment deployment(runtime, scenario.deployment, scenario.window);
    Operator op(runtime, deployment, scenario);
    op.schedule();
    inject(runtime);
    runtime.run_until(scenario.duration);
  }

  static void read_error_at(SimRuntime& runtime, Micros t, int status = 500) {
    runtime.schedule_at(t, Runtime::Lane::kActor, [&runtime, t, status] {
      ev::ResponseReceived response;
      response.status = static_cast<std::uint16_t>(status);
      response.sent_at = t;
      runtime.record(response);
    });
  }

  std::vector<std::pair<Micros, ev::WindowExtended>> extensions() const {
    std::vector<std::pair<Micros, ev::WindowExtended>> out;
    for (const Event& e : history_.events()) {
      if (const auto* x = std::get_if<ev::WindowExtended>(&e.body)) out.emplace_back(e.t, *x);
    }
    return out;
  }

  std::vector<std::string> notices(bool banner) const {
    std::vector<std::string> out;
    for (const Event& e : history_.events()) {
      if (const auto* b = std::get_if<ev::BannerPublished>(&e.body); b && banner) {
        out.push_back(std::string(history_.str(b->kind)) + " " + std::string(history_.str(b->stated_end)));
      }
      if (const auto* p = std::get_if<ev::StatusPosted>(&e.body); p && !banner) {
        out.push_back(std::string(history_.str(p->kind)) + " " + std::string(history_.str(p->stated_end)));
      }
    }
    return out;
  }

  History history_;
};

EscalationSpec on_read_errors(std::int64_t errors) {
  EscalationSpec spec;
  spec.read_errors = errors;
  spec.extend_by = 60 * kSecond;
  return spec;
}

TEST_F(EscalationTest, ReadErrorsExtendWindow) {
  run(escalating_scenario(on_read_errors(3)), [](SimRuntime& rt) {
    for (Micros t : {70 * kSecond, 71 * kSecond, 72 * kSecond + 500}) read_error_at(rt, t);
  });
  auto all = extensions();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].first, 73 * kSecond);
  EXPECT_EQ(all[0].second.new_end, 240 * kSecond);
  EXPECT_EQ(history_.str(all[0].second.by).substr(0, 10), "escalation");

  std::vector<std::string> banners = notices(true);
  ASSERT_EQ(banners.size(), 4u);
  EXPECT_EQ(banners[1], "extension 2026-03-01T02:04:00+00:00");
  EXPECT_EQ(banners[3], "closure 2026-03-01T02:04:00+00:00");
  std::vector<std::string> posts = notices(false);
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_EQ(posts[1], "update 2026-03-01T02:04:00+00:00");
}

TEST_F(EscalationTest, FewerErrorsThanThresholdKeepEnd) {
  run(escalating_scenario(on_read_errors(3)), [](SimRuntime& rt) {
    read_error_at(rt, 70 * kSecond);
    read_error_at(rt, 71 * kSecond);
  });
  EXPECT_TRUE(extensions().empty());
}

TEST_F(EscalationTest, ErrorsBeforeStartDoNotCount) {
  run(escalating_scenario(on_read_errors(1)), [](SimRuntime& rt) { read_error_at(rt, 59 * kSecond); });
  EXPECT_TRUE(extensions().empty());
}

TEST_F(EscalationTest, MaxExtensionsLimitsEscalation) {
  EscalationSpec spec = on_read_errors(1);
  spec.max_extensions = 2;
  run(escalating_scenario(spec), [](SimRuntime& rt) {
    for (int i = 0; i < 5; ++i) read_error_at(rt, (70 + 10 * i) * kSecond);
  });
  auto all = extensions();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].second.new_end, 300 * kSecond);
}

TEST_F(EscalationTest, MaintenanceRefusalIsNotAReadError) {
  Scenario s = escalating_scenario(on_read_errors(1));
  s.window.mode = "maintenance";
  s.deployment.refuse_status = 503;
  run(s, [](SimRuntime& rt) {
    rt.schedule_at(70 * kSecond, Runtime::Lane::kActor, [&rt] {
      ev::ResponseReceived response;
      response.status = 503;
      response.sent_at = 70 * kSecond;
      response.retry_after_form = RetryAfterForm::kDelaySeconds;
      rt.record(response);
    });
  });
  EXPECT_TRUE(extensions().empty());
}

TEST_F(EscalationTest, DriftingProbeExtendsWindow) {
  EscalationSpec spec;
  spec.delta_s = 0.3;
  run(escalating_scenario(spec), [this](SimRuntime& rt) {
    auto answer_at = [this, &rt](Micros t, const char* text) {
      rt.schedule_at(t, Runtime::Lane::kActor, [this, &rt, text] {
        ev::ProbeAnswered answer;
        answer.probe = history_.intern("probe/0");
        answer.ok = true;
        answer.embedding = history_.add_embedding(embed_text(text, EmbeddingParams{}));
        rt.record(answer);
      });
    };
    answer_at(50 * kSecond, "paris is the capital of france");
    answer_at(70 * kSecond, "paris is the capital of france");
    answer_at(80 * kSecond, "no results found for this query");
  });
  auto all = extensions();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].first, 81 * kSecond);
}

}  // namespace
}  // namespace freezedrill
