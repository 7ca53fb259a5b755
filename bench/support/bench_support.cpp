#include "support/bench_support.hpp"

#include <fmt/format.h>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "telemetry/testing/child_process.hpp"

namespace telemetry::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

void figure(std::string_view bench, std::string_view name, double value, std::string_view unit, std::string_view target,
            bool met) {
  const auto text = std::abs(value) >= 100 ? fmt::format("{:.0f}", value) : fmt::format("{:.3g}", value);
  fmt::print("| {} | {} | {} {} | {} | {} |\n", bench, name, text, unit, target.empty() ? "-" : target,
             target.empty() ? "-" : (met ? "ok" : "SHORT"));
  std::fflush(stdout);
}

double quantile(std::vector<double>& values, double q) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double rank = q * static_cast<double>(values.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(rank));
  const auto upper = std::min(lower + 1, values.size() - 1);
  return values[lower] + (rank - static_cast<double>(lower)) * (values[upper] - values[lower]);
}

std::uint64_t rss_bytes(pid_t pid) {
  std::ifstream in(pid == 0 ? std::string("/proc/self/status") : fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

double cpu_seconds(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i >= 14) ticks += std::stod(field);  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

int cores_available() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return static_cast<int>(std::thread::hardware_concurrency());
  return CPU_COUNT(&set);
}

std::int64_t wall_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t wall_ms() {
  return wall_us() / 1000;
}

std::uint64_t raise_open_files(std::uint64_t wanted) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = std::min<rlim_t>(wanted, limit.rlim_max);
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

app::backend_config bench_config(const std::string& broker_uri, const std::string& dir) {
  spdlog::set_level(spdlog::level::warn);
  app::backend_config config;
  config.broker = broker_uri;
  config.client_id = "bench-backend";
  config.store = "sqlite:" + dir + "/telemetry.db";
  config.journal = dir + "/ingest.journal";
  config.http_port = static_cast<std::uint16_t>(testing::free_port());
  return config;
}

struct http_connection::impl {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  std::string host;
};

http_connection::http_connection(int port) : impl_(new impl) {
  impl_->stream.connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  impl_->stream.socket().set_option(asio::ip::tcp::no_delay(true));
  impl_->host = fmt::format("127.0.0.1:{}", port);
}

http_connection::~http_connection() {
  beast::error_code ignored;
  impl_->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  delete impl_;
}

int http_connection::get(std::string_view target, std::string& body) {
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, beast::string_view(target.data(), target.size()), 11};
  req.set(bhttp::field::host, impl_->host);
  req.keep_alive(true);
  bhttp::write(impl_->stream, req);
  bhttp::response<bhttp::string_body> res;
  bhttp::read(impl_->stream, impl_->buffer, res);
  body = std::move(res.body());
  return static_cast<int>(res.result_int());
}

bool wait_http_ok(int port, std::string_view target, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      http_connection connection(port);
      std::string body;
      if (connection.get(target, body) == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

int env_or(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::atoi(value) : fallback;
}

}  // namespace telemetry::bench
