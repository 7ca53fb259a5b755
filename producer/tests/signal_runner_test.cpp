#include "signal_runner.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "generic_signal.hpp"

namespace telemetry::producer {
namespace {

class recording_sink final : public sample_sink {
 public:
  void publish_samples(const std::string& topic, std::span<const sample> samples) noexcept override {
    const std::scoped_lock lock(mutex_);
    topics_.push_back(topic);
    messages_.emplace_back(samples.begin(), samples.end());
  }
  std::vector<std::vector<sample>> messages() const {
    const std::scoped_lock lock(mutex_);
    return messages_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> topics_;
  std::vector<std::vector<sample>> messages_;
};

std::unique_ptr<generic_source> ramp_source(double hz) {
  generic_signal_spec spec;
  spec.id = "ramp";
  spec.kind = generic_kind::uniform;
  spec.meta.min = 0;
  spec.meta.max = 1;
  spec.low = 0;
  spec.high = 1;
  return std::make_unique<generic_source>(spec, *tick_grid::from_hz(hz), 1, 1);
}

std::vector<sample> flatten(const std::vector<std::vector<sample>>& messages) {
  std::vector<sample> all;
  for (const auto& m : messages) all.insert(all.end(), m.begin(), m.end());
  return all;
}

runner_settings settings_now() {
  runner_settings s;
  s.clock = clock_anchor::now();
  s.start_ts = s.clock.wall_ms;
  return s;
}

TEST(SignalRunner, ProducesEveryTickOfTheGridBetweenStartAndEnd) {
  auto source = ramp_source(100);
  recording_sink sink;
  auto settings = settings_now();
  settings.end_ts = settings.start_ts + 300;
  signal_runner runner(*source, "telemetry/t/ramp", sink, settings);
  const auto started = std::chrono::steady_clock::now();
  runner.run(std::stop_token{});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));  // live ticks wait for their time

  const auto messages = sink.messages();
  const auto all = flatten(messages);
  EXPECT_EQ(messages.size(), all.size());  // batch 1: one sample per message
  ASSERT_GE(all.size(), 29U);
  ASSERT_LE(all.size(), 31U);
  EXPECT_GE(all.front().ts, settings.start_ts);
  EXPECT_LT(all.back().ts, *settings.end_ts);
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_EQ(all[i].ts - all[i - 1].ts, 10);
    EXPECT_EQ(*all[i].seq, *all[i - 1].seq + 1);
    EXPECT_EQ(*all[i].seq, static_cast<std::uint64_t>(all[i].ts / 10));
  }
}

TEST(SignalRunner, BackfillComesFirstInLargeBatchesThenLiveWithoutGapOrOverlap) {
  auto source = ramp_source(100);
  recording_sink sink;
  auto settings = settings_now();
  settings.end_ts = settings.start_ts + 200;
  settings.backfill = std::chrono::seconds(10);
  settings.batch = 5;
  settings.backfill_batch = 300;
  signal_runner runner(*source, "telemetry/t/ramp", sink, settings);
  runner.run(std::stop_token{});

  const auto messages = sink.messages();
  const auto all = flatten(messages);
  ASSERT_EQ(all.size(), 1020U);  // 10 s + 0.2 s at 100 Hz
  EXPECT_GE(all.front().ts, settings.start_ts - 10'000);
  EXPECT_LT(all.front().ts, settings.start_ts - 10'000 + 10);
  for (std::size_t i = 1; i < all.size(); ++i) ASSERT_EQ(all[i].ts - all[i - 1].ts, 10);
  // Backfill: 1000 samples as 300, 300, 300, 100; then live messages of 5.
  ASSERT_GE(messages.size(), 8U);
  EXPECT_EQ(messages[0].size(), 300U);
  EXPECT_EQ(messages[3].size(), 100U);
  EXPECT_LT(messages[3].back().ts, settings.start_ts);
  EXPECT_GE(messages[4].front().ts, settings.start_ts);
  for (std::size_t i = 4; i < messages.size(); ++i) EXPECT_EQ(messages[i].size(), 5U);
}

TEST(SignalRunner, StopsPromptlyAndSendsWhatIsPending) {
  auto source = ramp_source(1);
  recording_sink sink;
  auto settings = settings_now();
  settings.backfill = std::chrono::seconds(3);
  settings.batch = 100;  // nothing reaches a full live batch before the stop
  signal_runner runner(*source, "telemetry/t/ramp", sink, settings);
  std::jthread thread([&](const std::stop_token& stop) { runner.run(stop); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto asked = std::chrono::steady_clock::now();
  thread.request_stop();
  thread.join();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::milliseconds(200));
  const auto all = flatten(sink.messages());
  ASSERT_GE(all.size(), 4U);  // 3 backfilled, at least one live
  ASSERT_LE(all.size(), 5U);
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_EQ(all[i].ts - all[i - 1].ts, 1000);
}

}  // namespace
}  // namespace telemetry::producer
