#pragma once
// The backend wired together: store, store writer, ingest journal, recent window, replay
// buffer, MQTT subscriber and HTTP server. start() brings them up in the order that loses
// nothing (reload the window, replay the journal, then subscribe); stop() takes them down
// in the reverse order (stop taking messages, drain to the store, close).
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app/backend_config.hpp"
#include "http/api_context.hpp"
#include "http/broadcaster.hpp"
#include "http/http_server.hpp"
#include "ingest/ingest_journal.hpp"
#include "ingest/ingest_pipeline.hpp"
#include "ingest/mqtt_subscriber.hpp"
#include "ingest/reject_counters.hpp"
#include "ingest/series_registry.hpp"
#include "live/recent_window.hpp"
#include "live/replay_buffer.hpp"
#include "store/store.hpp"
#include "store/store_writer.hpp"

namespace telemetry::app {

class backend_app {
 public:
  // Opens the store and the journal; throws std::runtime_error with a one-line message.
  explicit backend_app(backend_config config);
  ~backend_app();
  backend_app(const backend_app&) = delete;
  backend_app& operator=(const backend_app&) = delete;

  void start();
  void stop();

  [[nodiscard]] std::uint16_t http_port() const noexcept { return server_->port(); }

 private:
  void reload_recent();
  void housekeeping();

  backend_config config_;
  std::unique_ptr<store::store> store_;
  ingest::ingest_journal journal_;
  ingest::series_registry registry_;
  live::recent_window window_;
  live::replay_buffer replay_;
  ingest::reject_counters rejects_;
  std::unique_ptr<store::store_writer> writer_;
  std::unique_ptr<ingest::ingest_pipeline> pipeline_;
  http::broadcaster hub_;
  std::unique_ptr<ingest::mqtt_subscriber> subscriber_;
  std::unique_ptr<http::api_context> context_;
  std::unique_ptr<http::http_server> server_;

  std::mutex housekeeping_mutex_;
  std::condition_variable housekeeping_wake_;
  bool stopping_ = false;
  std::thread housekeeping_thread_;
};

}  // namespace telemetry::app
