#pragma once
// What happens to one MQTT message, in the order that makes acknowledgement safe:
// validate -> journal (write(2)) -> recent window (dedupe) -> replay buffer + live
// listeners -> store writer queue. It runs on the MQTT callback thread, never throws, and
// returns only when the samples are journaled and queued, so the broker's acknowledgement
// (sent when the callback returns) never covers a sample that could still be lost.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>
#include <vector>

#include "ingest/ingest_journal.hpp"
#include "ingest/reject_counters.hpp"
#include "ingest/series_registry.hpp"
#include "live/recent_window.hpp"
#include "live/replay_buffer.hpp"
#include "store/store_writer.hpp"
#include "telemetry/common/payload_codec.hpp"

namespace telemetry::ingest {

struct ingest_options {
  // Samples older than this (the retention) or further ahead than max_future are refused.
  std::chrono::milliseconds max_age{std::chrono::hours(24 * 7)};
  std::chrono::milliseconds max_future{std::chrono::minutes(5)};
  std::size_t max_payload_bytes = default_max_payload_bytes;
};

struct ingest_stats {
  std::atomic<std::uint64_t> messages{0};
  std::atomic<std::uint64_t> samples{0};
  std::atomic<std::uint64_t> duplicates{0};
  std::atomic<std::uint64_t> journal_failures{0};
};

// Told about what ingest accepted; called on the ingest thread, so it must be quick.
struct ingest_listener {
  std::function<void(const live::live_batch_ptr&)> on_batch;
  std::function<void(const series_info&)> on_series;
};

class ingest_pipeline {
 public:
  ingest_pipeline(ingest_options options, series_registry& registry, live::recent_window& window,
                  live::replay_buffer& replay, ingest_journal* journal, store::store_writer& writer,
                  reject_counters& rejects);

  void set_listener(ingest_listener listener);

  // One message from the broker.
  void handle(std::string_view topic, std::string_view payload) noexcept;
  // One journal record at start: applied like a message but not journaled again.
  void replay(std::string_view topic, std::string_view payload, std::uint64_t journal_position) noexcept;
  // Keeps the window to its span.
  void trim_window();

  [[nodiscard]] const ingest_stats& stats() const noexcept { return stats_; }

 private:
  void apply(std::string_view topic, std::string_view payload, bool from_journal, std::uint64_t position);
  void apply_meta(const series_id& id, std::string_view topic, std::string_view payload);
  void notify_series(const std::string& key);

  ingest_options options_;
  series_registry& registry_;
  live::recent_window& window_;
  live::replay_buffer& replay_;
  ingest_journal* journal_;
  store::store_writer& writer_;
  reject_counters& rejects_;
  ingest_stats stats_;

  std::mutex mutex_;  // one message at a time, so sequence numbers follow arrival order
  ingest_listener listener_;
  std::vector<sample> decoded_;
  std::vector<store::point> points_;
  std::vector<store::point> fresh_;
};

}  // namespace telemetry::ingest
