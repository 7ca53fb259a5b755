// Publish-to-SSE latency with coalescing off (stream coalesce 0): single-sample messages at
// 1,000 samples/s, each carrying its send time (microseconds since the epoch) as its value.
// An SSE client on /api/stream takes receipt - send for every sample; a plain Paho
// subscriber on the same broker does the same, so the broker's own share shows in the same run.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <mqtt/async_client.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "app/backend_app.hpp"
#include "support/bench_support.hpp"
#include "telemetry/common/payload_codec.hpp"
#include "telemetry/testing/child_process.hpp"
#include "telemetry/testing/mosquitto_broker.hpp"

namespace {

using namespace std::chrono_literals;
using namespace telemetry;

using telemetry::bench::env_or;

// Latencies in microseconds, recorded only while `recording` is set.
struct latencies {
  std::mutex mutex;
  std::vector<double> values;
  std::atomic<bool> recording{false};
  void add(double us) {
    if (!recording.load(std::memory_order_relaxed)) return;
    std::lock_guard lock(mutex);
    values.push_back(us);
  }
};

// Reads /api/stream with a blocking socket; every "value": in a complete data line is a send time.
class sse_client {
 public:
  sse_client(int port, latencies& out) : out_(out) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect");
    const std::string request = "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
    if (::write(fd_, request.data(), request.size()) != static_cast<ssize_t>(request.size()))
      throw std::runtime_error("write");
    thread_ = std::thread([this] { run(); });
  }
  ~sse_client() {
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  [[nodiscard]] std::uint64_t samples() const { return samples_.load(); }

 private:
  void run() {
    std::string pending;
    char buffer[65536];
    for (;;) {
      const auto n = ::read(fd_, buffer, sizeof buffer);
      if (n <= 0) return;
      const auto now = static_cast<double>(bench::wall_us());
      pending.append(buffer, static_cast<std::size_t>(n));
      std::size_t line_start = 0;
      for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', line_start)) {
        const std::string_view line(pending.data() + line_start, end - line_start);
        if (line.starts_with("data: {\"seq\":")) {
          for (auto at = line.find("\"value\":"); at != std::string_view::npos; at = line.find("\"value\":", at + 8)) {
            out_.add(now - std::strtod(line.data() + at + 8, nullptr));
            samples_.fetch_add(1, std::memory_order_relaxed);
          }
        }
        line_start = end + 1;
      }
      pending.erase(0, line_start);
    }
  }

  latencies& out_;
  int fd_ = -1;
  std::atomic<std::uint64_t> samples_{0};
  std::thread thread_;
};

void report(std::string_view path, latencies& l, std::string_view p50_target, double p50_limit,
            std::string_view p99_target, double p99_limit) {
  std::lock_guard lock(l.mutex);
  auto values = l.values;
  const double p50 = bench::quantile(values, 0.5) / 1000.0;
  const double p99 = bench::quantile(values, 0.99) / 1000.0;
  const double p90 = bench::quantile(values, 0.9) / 1000.0;
  const double max = values.empty() ? 0.0 : values.back() / 1000.0;
  bench::figure("sse latency", fmt::format("{} p50 ({} samples)", path, values.size()), p50, "ms", p50_target,
                p50 < p50_limit);
  bench::figure("sse latency", fmt::format("{} p90", path), p90, "ms");
  bench::figure("sse latency", fmt::format("{} p99", path), p99, "ms", p99_target, p99 < p99_limit);
  bench::figure("sse latency", fmt::format("{} max", path), max, "ms");
}

}  // namespace

int main() {
  const int rate = env_or("BENCH_SSE_RATE", 1000);
  const int seconds = env_or("BENCH_SSE_SECONDS", 10);
  testing::mosquitto_broker broker;
  testing::temp_dir dir;
  auto config = bench::bench_config(broker.uri(), dir.path());
  config.coalesce = std::chrono::milliseconds(0);
  app::backend_app backend(config);
  backend.start();
  if (!bench::wait_http_ok(backend.http_port(), "/readyz", 30s)) {
    fmt::print(stderr, "backend not ready\n");
    return 1;
  }

  latencies via_backend;
  latencies via_broker;
  mqtt::async_client plain(broker.uri(), "sse-latency-bench-subscriber");
  plain.set_message_callback([&](mqtt::const_message_ptr m) {
    const auto now = static_cast<double>(bench::wall_us());
    std::vector<sample> decoded;
    if (decode_samples(m->to_string(), decoded) == decode_error::none) {
      for (const auto& s : decoded) via_broker.add(now - s.value);
    }
  });
  plain.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
  plain.subscribe("telemetry/#", 1)->wait();
  mqtt::async_client publisher(broker.uri(), "sse-latency-bench-publisher",
                               mqtt::create_options(MQTTVERSION_3_1_1, 10000));
  publisher.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();

  sse_client stream(backend.http_port(), via_backend);
  // One warm-up second, then record.
  const auto total = rate * (seconds + 1);
  const auto start_ms = bench::wall_ms();
  const auto period = std::chrono::nanoseconds(1'000'000'000 / rate);
  auto next = std::chrono::steady_clock::now();
  for (int i = 0; i < total; ++i) {
    if (i == rate) {
      via_backend.recording = true;
      via_broker.recording = true;
    }
    std::this_thread::sleep_until(next);
    next += period;
    // ts moves 1 ms per message so no two share a ts; the value is the send time.
    const sample s{start_ms + i, static_cast<double>(bench::wall_us()), std::nullopt};
    publisher.publish("telemetry/bench-latency/signal", encode_samples(std::span(&s, 1)), 1, false);
  }
  std::this_thread::sleep_for(500ms);
  via_backend.recording = false;
  via_broker.recording = false;
  const auto expected = static_cast<std::size_t>(rate * seconds);
  bench::figure("sse latency", fmt::format("offered rate (single-sample messages, QoS 1), {} s", seconds), rate,
                "samples/s");
  report(fmt::format("publisher -> broker -> backend -> SSE client (coalesce 0)"), via_backend, "< 1 ms", 1.0, "< 5 ms",
         5.0);
  report("publisher -> broker -> plain subscriber (baseline)", via_broker, "", 1e9, "", 1e9);
  std::size_t received = 0;
  {
    std::lock_guard lock(via_backend.mutex);
    received = via_backend.values.size();
  }
  try {
    publisher.disconnect()->wait_for(2s);
    plain.disconnect()->wait_for(2s);
  } catch (...) {
  }
  backend.stop();
  return received >= expected ? 0 : 1;
}
