#pragma once
// Helpers shared by the backend benchmarks: the figure line every benchmark prints (one
// markdown table row, which scripts/bench collects into bench/results/latest.md), percentiles,
// resident memory, a keep-alive HTTP client, and the backend configured for a benchmark.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "app/backend_config.hpp"

namespace telemetry::bench {

// Prints "| benchmark | figure | value unit | target | ok/SHORT |". An empty target prints "-".
void figure(std::string_view bench, std::string_view name, double value, std::string_view unit,
            std::string_view target = {}, bool met = true);

// The q-quantile (0..1) by linear interpolation; sorts `values`.
[[nodiscard]] double quantile(std::vector<double>& values, double q);

// VmRSS of a process in bytes (pid 0: this process), or 0 when unreadable.
[[nodiscard]] std::uint64_t rss_bytes(pid_t pid = 0);
// CPU seconds (user + system) a process has used so far.
[[nodiscard]] double cpu_seconds(pid_t pid);
// CPU seconds the calling thread has used so far.
[[nodiscard]] double thread_cpu_seconds();

// Cores this process may run on (its affinity mask, as taskset or a container limits it).
[[nodiscard]] int cores_available();

// Microseconds since the Unix epoch: the send time carried in a sample's value.
[[nodiscard]] std::int64_t wall_us();
[[nodiscard]] std::int64_t wall_ms();

// Raises RLIMIT_NOFILE of this process (and of the children it starts) to `wanted` or the hard limit.
std::uint64_t raise_open_files(std::uint64_t wanted);

// An integer from the environment (benchmark sizes), or `fallback` when unset.
int env_or(const char* name, int fallback);

// A backend configuration for a benchmark: store and journal in `dir`, HTTP on a free port,
// quiet logs.
[[nodiscard]] app::backend_config bench_config(const std::string& broker_uri, const std::string& dir);

// One keep-alive HTTP/1.1 connection to 127.0.0.1:port; get() returns the status and body.
class http_connection {
 public:
  explicit http_connection(int port);
  ~http_connection();
  http_connection(const http_connection&) = delete;
  http_connection& operator=(const http_connection&) = delete;
  int get(std::string_view target, std::string& body);

 private:
  struct impl;
  impl* impl_;
};

// Waits until GET target answers 200, at most `timeout`.
bool wait_http_ok(int port, std::string_view target, std::chrono::milliseconds timeout);

}  // namespace telemetry::bench
