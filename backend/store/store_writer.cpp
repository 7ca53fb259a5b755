#include "store/store_writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

namespace telemetry::store {
namespace {

std::int64_t steady_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::chrono::milliseconds store_writer_stats::waiting_for_store() const noexcept {
  const auto started = call_started_us_.load(std::memory_order_relaxed);
  if (started == 0) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::microseconds(steady_micros() - started));
}

std::string store_writer_stats::last_error() const {
  std::lock_guard lock(error_mutex_);
  return last_error_;
}

void store_writer_stats::set_error(std::string error) {
  std::lock_guard lock(error_mutex_);
  last_error_ = std::move(error);
}

store_writer::store_writer(store& target, store_writer_options options, std::function<void(std::uint64_t)> on_committed)
    : store_(target),
      options_(options),
      on_committed_(std::move(on_committed)),
      next_retention_(std::chrono::steady_clock::now()),
      next_ping_(std::chrono::steady_clock::now() + options_.ping_interval),
      thread_([this] { run(); }) {}

store_writer::~store_writer() {
  drain_and_stop(std::chrono::seconds(0));
}

bool store_writer::enqueue(std::string series, std::vector<point> points, std::uint64_t journal_position) {
  std::unique_lock lock(mutex_);
  const auto count = points.size();
  // A single message larger than the whole queue still goes in once the queue is empty.
  space_freed_.wait(lock, [&] {
    return stopping_ || !accepting_ || queued_samples_ == 0 || queued_samples_ + count <= options_.max_queued_samples;
  });
  if (stopping_ || !accepting_) return false;
  queue_.push_back(item{std::nullopt, series_points{std::move(series), std::move(points)}, journal_position});
  queued_samples_ += count;
  stats_.queued_samples.store(queued_samples_, std::memory_order_relaxed);
  if (queued_samples_ >= options_.batch_samples) wake_writer_.notify_one();
  return true;
}

void store_writer::stop_accepting() {
  {
    std::lock_guard lock(mutex_);
    accepting_ = false;
  }
  space_freed_.notify_all();
}

void store_writer::enqueue_meta(series_record record) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  queue_.push_back(item{std::move(record), {}, 0});
  wake_writer_.notify_one();
}

bool store_writer::drain_and_stop(std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      drain_deadline_ = std::chrono::steady_clock::now() + timeout;
    }
  }
  wake_writer_.notify_all();
  space_freed_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  return queue_.empty();
}

void store_writer::run() {
  auto backoff = std::chrono::milliseconds(100);
  std::vector<item> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (queue_.empty() || (queued_samples_ < options_.batch_samples && !stopping_)) {
        wake_writer_.wait_for(lock, options_.flush_interval,
                              [&] { return stopping_ || queued_samples_ >= options_.batch_samples; });
      }
      if (queue_.empty() && stopping_) return;
      // Take whole items up to about one batch; the rest waits for the next round.
      std::size_t taken = 0;
      while (!queue_.empty() && (taken == 0 || taken + queue_.front().points.points.size() <= options_.batch_samples)) {
        taken += queue_.front().points.points.size();
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
        if (taken >= options_.batch_samples) break;
      }
    }
    if (!batch.empty()) {
      while (!write_batch(batch)) {
        std::unique_lock lock(mutex_);
        if (stopping_ && std::chrono::steady_clock::now() >= drain_deadline_) {
          // Leave the rest to the journal: it is replayed on the next start.
          for (auto it = batch.rbegin(); it != batch.rend(); ++it) queue_.push_front(std::move(*it));
          return;
        }
        wake_writer_.wait_for(lock, backoff, [] { return false; });
        backoff = std::min(backoff * 2, options_.max_backoff);
      }
      backoff = std::chrono::milliseconds(100);
      std::size_t written = 0;
      for (const auto& entry : batch) written += entry.points.points.size();
      {
        std::lock_guard lock(mutex_);
        queued_samples_ -= written;
        stats_.queued_samples.store(queued_samples_, std::memory_order_relaxed);
      }
      space_freed_.notify_all();
      batch.clear();
    } else if (std::chrono::steady_clock::now() >= next_ping_) {
      ping();
    }
    if (std::chrono::steady_clock::now() >= next_retention_) apply_retention();
  }
}

template <typename Call>
status store_writer::timed(Call call) {
  stats_.call_started_us_.store(std::max<std::int64_t>(steady_micros(), 1), std::memory_order_relaxed);
  auto result = call();
  stats_.call_started_us_.store(0, std::memory_order_relaxed);
  stats_.set_error(result.error);
  // An answer is as good as a ping: ping only after a quiet interval.
  if (result.ok()) next_ping_ = std::chrono::steady_clock::now() + options_.ping_interval;
  return result;
}

void store_writer::ping() {
  next_ping_ = std::chrono::steady_clock::now() + options_.ping_interval;
  const auto result = timed([this] { return store_.ping(); });
  if (stats_.last_ping_ok.exchange(result.ok()) != result.ok()) {
    if (result.ok()) {
      spdlog::info("store: answers again");
    } else {
      spdlog::warn("store: not answering: {}", result.error);
    }
  }
}

bool store_writer::write_batch(std::vector<item>& batch) {
  const auto started = std::chrono::steady_clock::now();
  // Merge the items per series so the store sees one run of points per series.
  std::map<std::string, std::vector<point>, std::less<>> merged;
  std::uint64_t position = 0;
  std::size_t samples = 0;
  for (auto& entry : batch) {
    if (entry.meta) {
      if (const auto result = timed([&] { return store_.upsert_series(*entry.meta); }); !result.ok()) {
        spdlog::warn("store: series metadata for {} not saved: {}", entry.meta->series, result.error);
        stats_.write_failures.fetch_add(1, std::memory_order_relaxed);
        stats_.last_write_ok = false;
        return false;
      }
      entry.meta.reset();  // done; a retry of this batch does not repeat it
      continue;
    }
    position = std::max(position, entry.journal_position);
    if (entry.points.points.empty()) continue;
    auto& points = merged[entry.points.series];
    points.insert(points.end(), entry.points.points.begin(), entry.points.points.end());
    samples += entry.points.points.size();
  }
  if (samples > 0) {
    std::vector<series_points> grouped;
    grouped.reserve(merged.size());
    for (auto& [series, points] : merged) grouped.push_back({series, std::move(points)});
    if (const auto result = timed([&] { return store_.write(grouped); }); !result.ok()) {
      if (stats_.last_write_ok.exchange(false)) spdlog::warn("store: write failed, retrying: {}", result.error);
      stats_.write_failures.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
  }
  if (!stats_.last_write_ok.exchange(true)) spdlog::info("store: writes succeed again");
  stats_.last_ping_ok = true;  // the store answered
  const auto micros = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count());
  stats_.write_micros_total.fetch_add(micros, std::memory_order_relaxed);
  if (micros > stats_.write_micros_max.load(std::memory_order_relaxed)) stats_.write_micros_max.store(micros);
  stats_.samples_written.fetch_add(samples, std::memory_order_relaxed);
  stats_.batches_written.fetch_add(1, std::memory_order_relaxed);
  if (position > 0 && on_committed_) on_committed_(position);
  return true;
}

void store_writer::apply_retention() {
  next_retention_ = std::chrono::steady_clock::now() + options_.retention_interval;
  const auto cutoff = wall_clock_ms() - options_.retention.count();
  if (const auto result = timed([&] { return store_.delete_before(cutoff); }); !result.ok()) {
    spdlog::warn("store: retention delete failed: {}", result.error);
  }
}

}  // namespace telemetry::store
