#include "signal_runner.hpp"

#include <algorithm>

namespace telemetry::producer {

signal_runner::signal_runner(signal_source& source, std::string topic, sample_sink& sink, runner_settings settings)
    : source_(source), topic_(std::move(topic)), sink_(sink), settings_(settings) {
  settings_.batch = std::max<std::size_t>(settings_.batch, 1);
  settings_.backfill_batch = std::max(settings_.backfill_batch, settings_.batch);
  pending_.reserve(settings_.backfill_batch);
}

void signal_runner::run(const std::stop_token& stop) {
  const auto& grid = source_.grid();
  std::int64_t k = grid.first_at_or_after(settings_.start_ts - settings_.backfill.count());
  while (!stop.stop_requested()) {
    const timestamp_ms ts = grid.ts(k);
    if (settings_.end_ts && ts >= *settings_.end_ts) break;
    const bool live = ts >= settings_.start_ts;
    if (live && !pending_.empty() && pending_.front().ts < settings_.start_ts) flush();
    if (ts > settings_.clock.wall_now()) {
      std::unique_lock lock(sleep_mutex_);
      // The predicate is never true: the wait ends at the deadline or when a stop is requested.
      (void)wake_.wait_until(lock, stop, settings_.clock.deadline(ts), [] { return false; });
      if (stop.stop_requested()) break;
    }
    pending_.push_back(sample{ts, source_.value(k, ts), tick_grid::seq(k)});
    if (pending_.size() >= (live ? settings_.batch : settings_.backfill_batch)) flush();
    ++k;
  }
  flush();
}

void signal_runner::flush() {
  if (pending_.empty()) return;
  sink_.publish_samples(topic_, pending_);
  pending_.clear();
}

}  // namespace telemetry::producer
