// SSE fan-out: the telemetry-backend binary as a child process with the default 50 ms
// coalescing, 10,000 concurrent /api/stream clients held by one epoll loop in this process,
// 50 samples/s of input (single-sample messages over 5 series, each carrying its send time in
// microseconds as its value). Figures: delivery latency (receipt - send, every sample at every
// client), the backend's resident memory (VmRSS of the child) and bytes per client.
#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <mqtt/async_client.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>
#include <vector>

#include "support/bench_support.hpp"
#include "telemetry/common/payload_codec.hpp"
#include "telemetry/testing/child_process.hpp"
#include "telemetry/testing/mosquitto_broker.hpp"

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using namespace telemetry;

using telemetry::bench::env_or;

// Latency histogram: 100 us buckets up to 20 s.
class histogram {
 public:
  void add(double us) {
    const auto bucket = us <= 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(us / 100.0), counts_.size() - 1);
    ++counts_[bucket];
    ++total_;
  }
  [[nodiscard]] double quantile_ms(double q) const {
    const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total_));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen > rank) return static_cast<double>(i + 1) * 0.1;  // upper edge of the bucket
    }
    return static_cast<double>(counts_.size()) * 0.1;
  }
  [[nodiscard]] std::uint64_t total() const { return total_; }

 private:
  std::vector<std::uint64_t> counts_ = std::vector<std::uint64_t>(200'000);
  std::uint64_t total_ = 0;
};

struct connection {
  int fd = -1;
  bool connected = false;
  bool head = false;  // the HTTP head was read
  std::string pending;
  std::uint64_t bytes = 0;
};

// Holds the connections in one epoll loop on its own thread.
class fanout_clients {
 public:
  fanout_clients(int port, int count) : port_(port), conns_(static_cast<std::size_t>(count)) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
  }
  ~fanout_clients() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (auto& c : conns_) {
      if (c.fd >= 0) ::close(c.fd);
    }
    ::close(epoll_);
  }

  // Opens every connection (at most `burst` connecting at once) and waits for their heads.
  bool open_all(std::chrono::seconds timeout) {
    thread_ = std::thread([this] { loop(); });
    const auto deadline = clock_type::now() + timeout;
    for (std::size_t i = 0; i < conns_.size(); ++i) {
      while (opened_.load() - heads_.load() >= 200 && clock_type::now() < deadline) std::this_thread::sleep_for(1ms);
      open(i);
    }
    while (heads_.load() < conns_.size() && clock_type::now() < deadline) std::this_thread::sleep_for(10ms);
    return heads_.load() == conns_.size();
  }

  void record(bool on) { recording_ = on; }
  [[nodiscard]] std::size_t heads() const { return heads_.load(); }
  [[nodiscard]] std::size_t closed() const { return closed_.load(); }
  // Read only after stop().
  [[nodiscard]] const histogram& latency() const { return latency_; }
  [[nodiscard]] std::uint64_t bytes_recorded() const { return bytes_recorded_; }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  void open(std::size_t i) {
    auto& c = conns_[i];
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) throw std::runtime_error(fmt::format("socket: {}", std::strerror(errno)));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // EINPROGRESS
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    ev.data.u64 = i;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
    opened_.fetch_add(1);
  }

  void loop() {
    std::array<epoll_event, 512> events{};
    std::vector<char> buffer(1 << 16);
    static constexpr std::string_view request =
        "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
    while (!stop_) {
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 50);
      const auto now = static_cast<double>(bench::wall_us());
      for (int e = 0; e < n; ++e) {
        auto& c = conns_[events[static_cast<std::size_t>(e)].data.u64];
        const auto flags = events[static_cast<std::size_t>(e)].events;
        if (!c.connected && (flags & EPOLLOUT) != 0) {
          c.connected = true;
          (void)::write(c.fd, request.data(), request.size());
          epoll_event ev{};
          ev.events = EPOLLIN | EPOLLRDHUP;
          ev.data.u64 = events[static_cast<std::size_t>(e)].data.u64;
          epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
        }
        if ((flags & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) read(c, buffer, now);
      }
    }
  }

  void read(connection& c, std::vector<char>& buffer, double now) {
    for (;;) {
      const auto n = ::read(c.fd, buffer.data(), buffer.size());
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
        c.fd = -1;
        closed_.fetch_add(1);
        return;
      }
      if (n < 0) return;
      if (recording_) bytes_recorded_ += static_cast<std::uint64_t>(n);
      c.pending.append(buffer.data(), static_cast<std::size_t>(n));
      if (!c.head) {
        const auto end = c.pending.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        c.head = true;
        heads_.fetch_add(1);
        c.pending.erase(0, end + 4);
      }
      std::size_t line_start = 0;
      for (auto end = c.pending.find('\n'); end != std::string::npos; end = c.pending.find('\n', line_start)) {
        const std::string_view line(c.pending.data() + line_start, end - line_start);
        if (recording_ && line.starts_with("data: {\"seq\":")) {
          for (auto at = line.find("\"value\":"); at != std::string_view::npos; at = line.find("\"value\":", at + 8)) {
            latency_.add(now - std::strtod(line.data() + at + 8, nullptr));
          }
        }
        line_start = end + 1;
      }
      c.pending.erase(0, line_start);
    }
  }

  int port_;
  int epoll_ = -1;
  std::vector<connection> conns_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> recording_{false};
  std::atomic<std::size_t> opened_{0};
  std::atomic<std::size_t> heads_{0};
  std::atomic<std::size_t> closed_{0};
  histogram latency_;
  std::uint64_t bytes_recorded_ = 0;
};

}  // namespace

int main() {
  const int clients = env_or("BENCH_FANOUT_CLIENTS", 10'000);
  const int rate = env_or("BENCH_FANOUT_RATE", 50);
  const int seconds = env_or("BENCH_FANOUT_SECONDS", 20);
  // The benchmark's own limit, inherited by the backend it starts: 10,000 sockets each side.
  const auto limit = bench::raise_open_files(static_cast<std::uint64_t>(clients) + 1000);
  if (limit < static_cast<std::uint64_t>(clients) + 100) {
    fmt::print(stderr, "RLIMIT_NOFILE is {}: too low for {} clients\n", limit, clients);
    return 1;
  }

  testing::mosquitto_broker broker;
  testing::temp_dir dir;
  const int port = testing::free_port();
  testing::child_process backend(
      {TELEMETRY_BACKEND_BIN, "--broker", broker.uri(), "--client-id", "fanout-bench", "--store",
       "sqlite:" + dir.path() + "/telemetry.db", "--http", fmt::format("127.0.0.1:{}", port), "--log-level", "warn"},
      dir.path() + "/backend.log");
  if (!bench::wait_http_ok(port, "/readyz", 30s)) {
    fmt::print(stderr, "backend not ready:\n{}\n", backend.log());
    return 1;
  }
  mqtt::async_client publisher(broker.uri(), "fanout-bench-publisher", mqtt::create_options(MQTTVERSION_3_1_1, 10000));
  publisher.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
  // One sample per series first, so the clients' streams start with their series known.
  const auto start_ms = bench::wall_ms();
  for (int s = 0; s < 5; ++s) {
    const sample first{start_ms, static_cast<double>(bench::wall_us()), std::nullopt};
    publisher.publish(fmt::format("telemetry/bench-fanout/s{}", s), encode_samples(std::span(&first, 1)), 1, false)
        ->wait();
  }
  std::this_thread::sleep_for(300ms);
  const auto rss_idle = bench::rss_bytes(backend.pid());

  fanout_clients fan(port, clients);
  const auto connect_started = clock_type::now();
  const bool all_open = fan.open_all(90s);
  const double connect_seconds = std::chrono::duration<double>(clock_type::now() - connect_started).count();
  std::this_thread::sleep_for(500ms);
  const auto rss_connected = bench::rss_bytes(backend.pid());
  bench::figure("sse fan-out", "clients connected (stream head received)", static_cast<double>(fan.heads()), "clients",
                fmt::format("{}", clients), all_open);
  bench::figure("sse fan-out", "time to connect all clients", connect_seconds, "s");

  // Warm-up second, then record.
  const auto total = rate * (seconds + 1);
  const auto period = std::chrono::nanoseconds(1'000'000'000 / rate);
  auto next = clock_type::now();
  std::uint64_t rss_peak = 0;
  clock_type::time_point recording_from{};
  double backend_cpu_from = 0;
  double clients_cpu_from = 0;
  for (int i = 1; i <= total; ++i) {
    if (i == rate) {
      fan.record(true);
      recording_from = clock_type::now();
      backend_cpu_from = bench::cpu_seconds(backend.pid());
      clients_cpu_from = bench::cpu_seconds(getpid());
    }
    std::this_thread::sleep_until(next);
    next += period;
    const sample s{start_ms + i, static_cast<double>(bench::wall_us()), std::nullopt};
    publisher.publish(fmt::format("telemetry/bench-fanout/s{}", i % 5), encode_samples(std::span(&s, 1)), 1, false);
    if (i % rate == 0) rss_peak = std::max(rss_peak, bench::rss_bytes(backend.pid()));
  }
  std::this_thread::sleep_for(300ms);
  fan.record(false);
  const double recorded_seconds = std::chrono::duration<double>(clock_type::now() - recording_from).count();
  const double backend_cores = (bench::cpu_seconds(backend.pid()) - backend_cpu_from) / recorded_seconds;
  const double clients_cores = (bench::cpu_seconds(getpid()) - clients_cpu_from) / recorded_seconds;
  fan.stop();
  const auto& latency = fan.latency();
  const double expected = static_cast<double>(clients) * rate * seconds;
  bench::figure("sse fan-out", fmt::format("input rate (single-sample messages, 5 series), {} s", seconds), rate,
                "samples/s");
  bench::figure("sse fan-out", "samples delivered (all clients)", static_cast<double>(latency.total()), "samples",
                fmt::format("~{:.0f}", expected), static_cast<double>(latency.total()) >= 0.99 * expected);
  bench::figure("sse fan-out", "delivery latency p50", latency.quantile_ms(0.5), "ms");
  const double p99 = latency.quantile_ms(0.99);
  bench::figure("sse fan-out", "delivery latency p99", p99, "ms", "< 250 ms", p99 < 250);
  bench::figure("sse fan-out", "delivery latency p99.9", latency.quantile_ms(0.999), "ms");
  bench::figure("sse fan-out", "backend CPU while streaming", backend_cores, "cores");
  bench::figure("sse fan-out", "benchmark clients CPU while streaming (one epoll thread + publisher)", clients_cores,
                "cores");
  bench::figure("sse fan-out", "clients dropped by the backend", static_cast<double>(fan.closed()), "clients");
  const double peak_mb = static_cast<double>(std::max(rss_peak, rss_connected)) / 1e6;
  bench::figure("sse fan-out", "backend RSS idle (no clients)", static_cast<double>(rss_idle) / 1e6, "MB");
  bench::figure("sse fan-out", fmt::format("backend RSS with {} clients (peak while streaming)", clients), peak_mb,
                "MB", "< 300 MB", peak_mb < 300);
  bench::figure("sse fan-out", "backend RSS per client",
                static_cast<double>(std::max(rss_peak, rss_connected) - rss_idle) / clients, "B");
  bench::figure("sse fan-out", "stream bytes per client per second",
                static_cast<double>(fan.bytes_recorded()) / clients / recorded_seconds, "B/s");
  try {
    publisher.disconnect()->wait_for(2s);
  } catch (...) {
  }
  backend.stop(SIGTERM);
  return all_open ? 0 : 1;
}
