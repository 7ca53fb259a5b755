#pragma once
// One live stream client (GET /api/stream). The session pulls batches from the shared
// replay buffer after the last sequence number it sent, so a resume (Last-Event-ID or
// ?since=) and live delivery are the same code path: no gap, no duplicate. It wakes on the
// broadcaster's tick, sends what arrived since as one event, a heartbeat comment when idle, and
// has at most one write in flight with a timeout; a client that falls too far behind is
// disconnected and resumes.
#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "http/api_context.hpp"
#include "http/broadcaster.hpp"
#include "http/http_types.hpp"

namespace telemetry::http {

class sse_session final : public stream_subscriber, public std::enable_shared_from_this<sse_session> {
 public:
  sse_session(beast::tcp_stream stream, api_context& context);

  // Serves the stream until the client leaves or a write fails.
  asio::awaitable<void> run(request req);

  void wake() override;

 private:
  asio::awaitable<bool> write(std::string_view data);
  // Appends events for everything after last_sent_; false when the client must be dropped.
  bool collect(std::string& out, bool catching_up);
  void collect_series(std::string& out);

  beast::tcp_stream stream_;
  api_context& context_;
  asio::steady_timer timer_;
  std::atomic<bool> armed_{false};
  std::uint64_t last_sent_ = 0;
  std::uint64_t seen_tick_ = 0;
  std::shared_ptr<const std::string> shared_event_;  // set by collect() instead of `out`
  std::chrono::steady_clock::time_point last_write_{};
  std::set<std::string, std::less<>> filter_;  // empty: every series
  std::set<std::string, std::less<>> known_series_;
  std::size_t known_series_count_ = 0;
};

}  // namespace telemetry::http
