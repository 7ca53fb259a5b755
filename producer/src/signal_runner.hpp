#pragma once
// The tick loop of one signal, run by its own thread. Tick k is computed when the clock reaches
// its timestamp (an absolute deadline, so the rate never drifts) and published once `batch`
// samples are pending. Ticks already in the past - the backfill window, or a thread that fell
// behind - are computed at once and sent in larger batches; the first live sample flushes the
// backfill, so backfill and live meet without a gap or an overlap.
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "clock_anchor.hpp"
#include "sample_sink.hpp"
#include "signal_source.hpp"

namespace telemetry::producer {

struct runner_settings {
  clock_anchor clock;                     // shared by all runners of a producer
  timestamp_ms start_ts = 0;              // live data starts at the first tick at or after this
  std::optional<timestamp_ms> end_ts;     // ticks at or after this are not produced
  std::chrono::milliseconds backfill{0};  // ticks in [start_ts - backfill, start_ts) are sent first
  std::size_t batch = 1;                  // samples per live message
  std::size_t backfill_batch = 500;       // samples per message while catching up
};

class signal_runner {
 public:
  signal_runner(signal_source& source, std::string topic, sample_sink& sink, runner_settings settings);

  // Runs until `stop` is requested or end_ts is reached, then sends what is pending.
  void run(const std::stop_token& stop);

  [[nodiscard]] const std::string& topic() const noexcept { return topic_; }

 private:
  void flush();

  signal_source& source_;
  std::string topic_;
  sample_sink& sink_;
  runner_settings settings_;
  std::vector<sample> pending_;
  std::mutex sleep_mutex_;
  std::condition_variable_any wake_;
};

}  // namespace telemetry::producer
