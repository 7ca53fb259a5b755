#pragma once
// The one thread that writes to the store. Ingest hands it samples through a bounded queue;
// it writes them in batches (at `batch_samples` or after `flush_interval`, whichever comes
// first), retries with backoff while the store fails, deletes what is past the retention,
// and tells the ingest journal what is safely stored. When the queue is full, enqueue()
// waits: ingest stops acknowledging MQTT messages and the broker keeps them, rather than
// memory growing without bound. While idle it pings the store every `ping_interval`, so its
// stats tell readiness whether the store answers without anyone else calling the store: a
// store that stops answering holds up this thread only.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "store/store.hpp"

namespace telemetry::store {

struct store_writer_options {
  std::size_t batch_samples = 5000;
  std::chrono::milliseconds flush_interval{100};
  std::size_t max_queued_samples = 2'000'000;
  std::chrono::milliseconds retention{std::chrono::hours(24 * 7)};
  std::chrono::milliseconds retention_interval{std::chrono::minutes(1)};
  std::chrono::milliseconds max_backoff{std::chrono::seconds(5)};
  std::chrono::milliseconds ping_interval{std::chrono::seconds(2)};
};

struct store_writer_stats {
  std::atomic<std::uint64_t> samples_written{0};
  std::atomic<std::uint64_t> batches_written{0};
  std::atomic<std::uint64_t> write_failures{0};
  std::atomic<std::uint64_t> write_micros_total{0};
  std::atomic<std::uint64_t> write_micros_max{0};
  std::atomic<std::uint64_t> queued_samples{0};
  std::atomic<bool> last_write_ok{true};
  std::atomic<bool> last_ping_ok{true};

  // How long the store call in progress (write, ping, retention) has been waiting for the
  // store; zero when none is.
  [[nodiscard]] std::chrono::milliseconds waiting_for_store() const noexcept;
  // The last error the store answered, empty once a call succeeds again.
  [[nodiscard]] std::string last_error() const;

 private:
  friend class store_writer;
  void set_error(std::string error);

  std::atomic<std::int64_t> call_started_us_{0};  // steady clock; 0: no call in progress
  mutable std::mutex error_mutex_;
  std::string last_error_;
};

class store_writer {
 public:
  // `on_committed(position)` is called after each successful write with the highest journal
  // position it covered.
  store_writer(store& target, store_writer_options options, std::function<void(std::uint64_t)> on_committed);
  ~store_writer();
  store_writer(const store_writer&) = delete;
  store_writer& operator=(const store_writer&) = delete;

  // Queues points of one series; waits while the queue is full. Returns false when the
  // writer is stopping and the points were not queued.
  bool enqueue(std::string series, std::vector<point> points, std::uint64_t journal_position);
  // Queues a metadata upsert (never blocks; metadata is small and rare).
  void enqueue_meta(series_record record);

  // Makes enqueue() return false at once instead of waiting for space, so a shutdown never
  // waits on a full queue. What is refused is in the ingest journal for the next start.
  void stop_accepting();

  // Writes everything queued, waiting at most `timeout` while the store fails; then stops.
  // Returns true when the queue was fully written.
  bool drain_and_stop(std::chrono::milliseconds timeout);

  [[nodiscard]] const store_writer_stats& stats() const noexcept { return stats_; }

 private:
  struct item {
    std::optional<series_record> meta;
    series_points points;
    std::uint64_t journal_position = 0;
  };

  void run();
  bool write_batch(std::vector<item>& batch);
  void apply_retention();
  void ping();
  // Runs one store call, marking it in progress in the stats while it waits.
  template <typename Call>
  status timed(Call call);

  store& store_;
  store_writer_options options_;
  std::function<void(std::uint64_t)> on_committed_;
  store_writer_stats stats_;

  std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable space_freed_;
  std::deque<item> queue_;
  std::size_t queued_samples_ = 0;
  bool stopping_ = false;
  bool accepting_ = true;
  std::chrono::steady_clock::time_point drain_deadline_{};
  std::chrono::steady_clock::time_point next_retention_;
  std::chrono::steady_clock::time_point next_ping_;  // writer thread only
  std::thread thread_;
};

}  // namespace telemetry::store
