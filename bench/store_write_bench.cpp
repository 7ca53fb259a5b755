// Store write throughput without MQTT: sqlite_store::write of 5,000-sample batches over 5
// series (what the store writer hands it at the default --flush-samples), then the same
// samples through store_writer as 100-sample messages (queue, per-series merge, commit).
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <vector>

#include "store/sqlite_store.hpp"
#include "store/store_writer.hpp"
#include "support/bench_support.hpp"
#include "telemetry/testing/child_process.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using telemetry::store::point;
using telemetry::store::series_points;

constexpr int series_count = 5;
constexpr int batch_samples = 5000;
constexpr double target_rate = 1'000'000;

std::string series_name(int i) {
  return fmt::format("bench-store/s{}", i);
}

// Batch `b`: 1,000 consecutive 10 ms samples per series, continuing where batch b-1 ended.
std::vector<series_points> make_batch(int b, telemetry::timestamp_ms base) {
  std::vector<series_points> batch;
  constexpr int per_series = batch_samples / series_count;
  for (int s = 0; s < series_count; ++s) {
    series_points sp{series_name(s), {}};
    sp.points.reserve(per_series);
    for (int i = 0; i < per_series; ++i) {
      const auto k = static_cast<telemetry::timestamp_ms>(b) * per_series + i;
      sp.points.push_back({base + k * 10, 100.0 + static_cast<double>((k * 7919 + s) % 1000) * 0.125});
    }
    batch.push_back(std::move(sp));
  }
  return batch;
}

struct rates {
  double wall = 0;  // samples per elapsed second
  double cpu = 0;   // samples per second of the writing thread's CPU time
};

rates direct(const std::string& dir, int batches, telemetry::timestamp_ms base) {
  telemetry::store::sqlite_store store(dir + "/direct.db");
  std::vector<std::vector<series_points>> prepared;
  prepared.reserve(static_cast<std::size_t>(batches));
  for (int b = 0; b < batches; ++b) prepared.push_back(make_batch(b, base));
  // One warm-up batch creates the series rows and the file.
  if (const auto r = store.write(make_batch(batches, base)); !r.ok()) throw std::runtime_error(r.error);
  const auto started = clock_type::now();
  const auto cpu_started = telemetry::bench::thread_cpu_seconds();
  for (const auto& batch : prepared) {
    if (const auto r = store.write(batch); !r.ok()) throw std::runtime_error(r.error);
  }
  const double cpu = telemetry::bench::thread_cpu_seconds() - cpu_started;
  const double seconds = std::chrono::duration<double>(clock_type::now() - started).count();
  const double samples = static_cast<double>(batches) * batch_samples;
  return {samples / seconds, samples / cpu};
}

double through_writer(const std::string& dir, int batches, telemetry::timestamp_ms base) {
  telemetry::store::sqlite_store store(dir + "/writer.db");
  telemetry::store::store_writer_options options;
  options.retention = std::chrono::hours(24 * 365 * 10);
  std::uint64_t committed = 0;
  telemetry::store::store_writer writer(store, options, [&](std::uint64_t position) { committed = position; });
  // 100-sample messages, round robin over the series, like the ingest pipeline enqueues them.
  std::vector<std::pair<std::string, std::vector<point>>> messages;
  for (int b = 0; b < batches; ++b) {
    for (auto& sp : make_batch(b, base)) {
      for (std::size_t i = 0; i < sp.points.size(); i += 100) {
        messages.emplace_back(sp.series, std::vector<point>(sp.points.begin() + static_cast<std::ptrdiff_t>(i),
                                                            sp.points.begin() + static_cast<std::ptrdiff_t>(i + 100)));
      }
    }
  }
  const auto total = static_cast<std::uint64_t>(batches) * batch_samples;
  const auto started = clock_type::now();
  std::uint64_t position = 0;
  for (auto& [series, points] : messages) writer.enqueue(series, std::move(points), ++position);
  while (writer.stats().samples_written.load() < total) std::this_thread::sleep_for(std::chrono::microseconds(200));
  const double seconds = std::chrono::duration<double>(clock_type::now() - started).count();
  writer.drain_and_stop(std::chrono::seconds(10));
  return static_cast<double>(total) / seconds;
}

}  // namespace

int main() {
  using namespace telemetry::bench;
  const char* env = std::getenv("BENCH_STORE_BATCHES");
  const int batches = env != nullptr ? std::atoi(env) : 400;  // 2,000,000 samples
  telemetry::testing::temp_dir dir;
  const auto base = wall_ms() - std::int64_t{24} * 3600 * 1000;
  const auto rate = direct(dir.path(), batches, base);
  figure("store write", fmt::format("sqlite_store::write, {} x 5,000 samples over 5 series", batches), rate.wall,
         "samples/s", ">= 1,000,000 samples/s", rate.wall >= target_rate);
  // Per second of the writing thread's CPU: the figure without the other work on the machine.
  figure("store write", "sqlite_store::write per CPU-second of the writing thread", rate.cpu, "samples/s");
  const double writer_rate = through_writer(dir.path(), batches, base);
  figure("store write", "store_writer, 100-sample messages, 5,000-sample batches", writer_rate, "samples/s");
  return 0;
}
