// Query latency on a loaded recent window: 5 series x 1 h at 10 Hz (180,000 points).
//  - through HTTP on loopback: the backend in-process (backend_app, temp SQLite reloaded into
//    the window at start), one keep-alive connection, median and p99 of N requests;
//  - the handler alone: api_handlers::handle on the same data without sockets, timed the same
//    way and with Google Benchmark.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <vector>

#include "app/backend_app.hpp"
#include "http/api_handlers.hpp"
#include "store/sqlite_store.hpp"
#include "support/bench_support.hpp"
#include "telemetry/testing/child_process.hpp"
#include "telemetry/testing/mosquitto_broker.hpp"
#include "twin_api_state.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using namespace telemetry;

constexpr int series_count = 5;
constexpr int per_series = 36'000;  // 1 h at 10 Hz

struct loaded_data {
  timestamp_ms first = 0;
  timestamp_ms last = 0;
};

std::string series_name(int s) {
  return fmt::format("bench-query/s{}", s);
}

// One hour of 10 Hz samples per series, ending a minute from now so that all of it stays in
// the window while the benchmark runs (the window keeps [now - 1 h, now + max_future]).
loaded_data fill_store(store::store& target) {
  loaded_data data;
  data.first = bench::wall_ms() - 3600 * 1000 + 60 * 1000;
  std::vector<store::series_points> batch;
  for (int s = 0; s < series_count; ++s) {
    store::series_points sp{series_name(s), {}};
    for (int i = 0; i < per_series; ++i) {
      sp.points.push_back({data.first + i * 100, 500.0 + 100.0 * std::sin(i * 0.001 * (s + 1)) + (i * 7919 % 97)});
    }
    data.last = sp.points.back().ts;
    batch.push_back(std::move(sp));
  }
  if (const auto r = target.write(batch); !r.ok()) throw std::runtime_error(r.error);
  return data;
}

struct query {
  std::string label;
  std::string target;
  double target_ms;
};

std::vector<query> queries(const loaded_data& data) {
  return {
      {"/api/chart all 5 series, width 1000 (180,000 points)",
       fmt::format("/api/chart?from={}&to={}&width=1000", data.first, data.last), 10.0},
      {"/api/stats one series-hour (36,000 points)",
       fmt::format("/api/stats?series={}&from={}&to={}", series_name(0), data.first, data.last), 5.0},
      {"/api/chart one series-hour, width 1000 (36,000 points)",
       fmt::format("/api/chart?series={}&from={}&to={}&width=1000", series_name(0), data.first, data.last), 0.0},
      {"/api/history one series-hour (36,000 points)",
       fmt::format("/api/history?series={}&from={}&to={}&limit=100000", series_name(0), data.first, data.last), 0.0}};
}

template <typename F>
std::vector<double> time_ms(int n, F&& call) {
  std::vector<double> out;
  for (int i = 0; i < 5; ++i) call();  // warm-up
  for (int i = 0; i < n; ++i) {
    const auto started = clock_type::now();
    call();
    out.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - started).count());
  }
  return out;
}

void report(const std::string& where, const query& q, std::vector<double> samples) {
  const double p50 = bench::quantile(samples, 0.5);
  const double p99 = bench::quantile(samples, 0.99);
  if (q.target_ms <= 0) {  // no target of its own: measured for the comparison with the peers
    bench::figure("query", fmt::format("{} {} median", where, q.label), p50, "ms");
    bench::figure("query", fmt::format("{} {} p99", where, q.label), p99, "ms");
    return;
  }
  const auto target = fmt::format("< {} ms", q.target_ms);
  bench::figure("query", fmt::format("{} {} median", where, q.label), p50, "ms", target, p50 < q.target_ms);
  bench::figure("query", fmt::format("{} {} p99", where, q.label), p99, "ms", target, p99 < q.target_ms);
}

// The handler alone: the same objects backend_app wires, without MQTT and sockets; the second
// handlers run without the query pool and the history text cache: what one thread does cold.
struct handler_fixture {
  http::twin_api_state state{{}, http::api_limits{.history_cache_bytes = 0, .query_workers = 0}};
  loaded_data data;

  handler_fixture() {
    data = fill_store(state.store);
    const auto now = bench::wall_ms();
    std::vector<store::point> fresh;
    for (int s = 0; s < series_count; ++s) {
      std::vector<store::point> points;
      (void)state.store.scan({series_name(s), data.first, data.last, 0}, [&](const store::point& p) {
        points.push_back(p);
        return true;
      });
      state.window.insert(series_name(s), points, now, fresh);
      state.registry.observe(*parse_series_id(series_name(s)), points.back());
    }
  }

  std::size_t call(const std::string& target) { return call(state.first, target); }
  static std::size_t call(http::api_handlers& with, const std::string& target) {
    const auto res = http::twin_api_state::get(with, target);
    if (!res || res->result_int() != 200) throw std::runtime_error("handler failed: " + target);
    return res->body().size();
  }
};

handler_fixture* fixture = nullptr;

void bm_handler(benchmark::State& state, std::size_t index) {
  const auto q = queries(fixture->data)[index];
  for (auto _ : state) benchmark::DoNotOptimize(fixture->call(q.target));
}

}  // namespace

int main(int argc, char** argv) {
  const char* env = std::getenv("BENCH_QUERY_REQUESTS");
  const int requests = env != nullptr ? std::atoi(env) : 200;
  {
    testing::mosquitto_broker broker;
    testing::temp_dir dir;
    auto config = bench::bench_config(broker.uri(), dir.path());
    loaded_data data;
    {
      store::sqlite_store seed(dir.path() + "/telemetry.db");
      data = fill_store(seed);
    }
    app::backend_app backend(config);
    backend.start();
    const int port = backend.http_port();
    if (!bench::wait_http_ok(port, "/healthz", std::chrono::seconds(10))) {
      fmt::print(stderr, "backend did not answer\n");
      return 1;
    }
    bench::http_connection connection(port);
    std::string body;
    for (const auto& q : queries(data)) {
      const auto samples = time_ms(requests, [&] {
        if (connection.get(q.target, body) != 200) throw std::runtime_error("HTTP failed: " + q.target + " " + body);
      });
      if (q.target.starts_with("/api/stats") && body.find("\"count\":36000") == std::string::npos) {
        fmt::print(stderr, "unexpected answer: {}\n", body.substr(0, 300));
        return 1;
      }
      report(fmt::format("HTTP ({} requests)", requests), q, samples);
      bench::figure("query", fmt::format("{} answer size", q.label), static_cast<double>(body.size()), "B");
    }
    backend.stop();
  }

  handler_fixture handler;
  fixture = &handler;
  for (const auto& q : queries(handler.data)) {
    report(fmt::format("handler ({} calls)", requests), q, time_ms(requests, [&] { handler.call(q.target); }));
  }
  for (const auto& q : queries(handler.data)) {
    if (!q.target.starts_with("/api/chart") && !q.target.starts_with("/api/history")) continue;
    report(fmt::format("handler on one thread, history text cache off ({} calls)", requests), q,
           time_ms(requests, [&] { handler.call(handler.state.second, q.target); }));
  }
  benchmark::RegisterBenchmark("api_handlers::handle /api/chart 5x36000 width 1000", bm_handler, 0)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("api_handlers::handle /api/stats 1x36000", bm_handler, 1)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("api_handlers::handle /api/chart 1x36000 width 1000", bm_handler, 2)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("api_handlers::handle /api/history 1x36000", bm_handler, 3)
      ->Unit(benchmark::kMillisecond);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
