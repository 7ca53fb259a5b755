#pragma once
// The whole program behind main(): validate the options, build the signals, connect, run until
// the duration ends or SIGINT/SIGTERM arrives, then publish "offline", flush and disconnect.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "signal_source.hpp"

namespace telemetry::producer {

inline constexpr std::size_t max_batch = 2000;  // keeps a message well under the 256 KiB payload cap

struct producer_options {
  std::string broker = "tcp://127.0.0.1:1883";
  std::string source = "electrolyzer-1";
  double rate_hz = 10;
  int qos = 1;
  std::string config_path;                // empty: the five electrolyzer signals only
  std::chrono::milliseconds duration{0};  // 0: run until stopped
  std::chrono::milliseconds backfill{0};
  std::size_t batch = 1;
  std::uint64_t seed = 1;
  std::string client_id;  // empty: telemetry-producer-{source}
  int max_buffered = 1'000'000;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds flush_timeout{10000};
};

// Checks the options and reads the config file; throws config_error with a one-line message.
[[nodiscard]] std::vector<std::unique_ptr<signal_source>> build_signals(const producer_options& options);

// Runs the producer; returns the process exit code. Throws config_error or std::runtime_error
// for bad configuration or a broker that cannot be reached at start.
int run_producer(const producer_options& options);

}  // namespace telemetry::producer
