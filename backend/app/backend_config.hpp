#pragma once
// The backend's configuration: every flag has an environment twin (--broker and
// TELEMETRY_BROKER), so containers are configured by environment alone.
#include <chrono>
#include <cstddef>
#include <string>
#include <variant>

namespace telemetry::app {

struct backend_config {
  std::string broker = "tcp://127.0.0.1:1883";
  std::string client_id = "telemetry-backend";
  std::string store = "sqlite:data/telemetry.db";
  std::string journal;  // default: beside the SQLite file, or data/ingest.journal
  std::chrono::milliseconds window{std::chrono::hours(1)};
  std::chrono::milliseconds retention{std::chrono::hours(24 * 7)};
  std::chrono::milliseconds max_future{std::chrono::minutes(5)};
  std::size_t max_payload_bytes = 256 * 1024;
  std::size_t flush_samples = 5000;
  std::chrono::milliseconds flush_interval{100};
  std::size_t queue_samples = 2'000'000;
  std::string http_host = "127.0.0.1";
  std::uint16_t http_port = 8080;
  std::size_t http_threads = 2;
  std::chrono::milliseconds http_read_timeout{std::chrono::seconds(30)};
  std::string static_dir;
  std::string cors_origin;
  std::chrono::milliseconds coalesce{50};
  std::chrono::milliseconds heartbeat{std::chrono::seconds(15)};
  std::size_t replay_batches = 200'000;
  std::chrono::milliseconds replay_age{std::chrono::minutes(10)};
  std::size_t max_clients = 20'000;
  std::size_t history_cache_mb = 64;
  std::string log_level = "info";
};

// The parsed configuration, or the exit code when there is nothing to run (--help).
// Bad configuration throws std::runtime_error with a one-line message.
[[nodiscard]] std::variant<backend_config, int> parse_backend_config(int argc, char** argv);

}  // namespace telemetry::app
