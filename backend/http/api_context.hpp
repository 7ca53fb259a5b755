#pragma once
// Everything the HTTP side reads: the live state, the store, and the counters for /metrics.
// References only; the backend application owns the objects and outlives the server.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>

#include "http/broadcaster.hpp"
#include "ingest/ingest_pipeline.hpp"
#include "ingest/reject_counters.hpp"
#include "ingest/series_registry.hpp"
#include "live/recent_window.hpp"
#include "live/replay_buffer.hpp"
#include "store/store.hpp"
#include "store/store_writer.hpp"

namespace telemetry::http {

struct api_limits {
  std::size_t default_history_limit = 10'000;
  std::size_t max_history_limit = 100'000;
  std::size_t max_csv_rows = 2'000'000;
  std::size_t default_width = 1000;
  std::size_t max_width = 10'000;
  // Text of recent-window minutes kept for /api/history (history_text_cache); 0 turns it off.
  std::size_t history_cache_bytes = std::size_t{64} * 1024 * 1024;
  // Threads beside the request's own that run the parts of one chart or stats query at once
  // (series, or slices of one series' pixel columns).
  std::size_t query_workers = std::max(1U, std::thread::hardware_concurrency()) - 1;
  // The fewest recent-window points worth a part of their own on that pool.
  std::size_t query_part_points = 8192;
  // /readyz says the store is not answering once a store call has waited this long.
  std::chrono::milliseconds store_stall{std::chrono::seconds(5)};
};

struct stream_options {
  std::chrono::milliseconds heartbeat{std::chrono::seconds(15)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(10)};
  std::size_t max_batches_per_event = 2000;
  // A live client further behind than this many batches is disconnected; it resumes.
  std::size_t max_backlog_batches = 20'000;
};

struct api_context {
  ingest::series_registry& registry;
  live::recent_window& window;
  live::replay_buffer& replay;
  store::store& store;
  const store::store_writer_stats& writer_stats;
  const ingest::ingest_stats& ingest_stats;
  const ingest::reject_counters& rejects;
  broadcaster& hub;
  std::function<bool()> broker_connected;
  api_limits limits;
  stream_options stream;
  std::string cors_origin;
};

}  // namespace telemetry::http
