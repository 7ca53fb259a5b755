// Ingest throughput through a real mosquitto into SQLite, QoS 1, batched payloads.
//  baseline: the publisher below -> mosquitto -> a Paho subscriber at QoS 1 that only counts;
//  backend:  the same publisher -> mosquitto -> backend_app in-process (temp SQLite), timed
//            until every sample is written to the store (the writer's committed count), then
//            checked by reading the store back.
// Several publisher threads share ONE Paho async client: a second async client in one
// process takes about 2 s to connect (a Paho C issue), and the timing starts only after
// every client is connected and a probe message went through.
#include <fmt/format.h>
#include <mqtt/async_client.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <thread>
#include <vector>

#include "app/backend_app.hpp"
#include "store/sqlite_store.hpp"
#include "support/bench_support.hpp"
#include "telemetry/common/payload_codec.hpp"
#include "telemetry/testing/child_process.hpp"
#include "telemetry/testing/mosquitto_broker.hpp"

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using namespace telemetry;

using telemetry::bench::env_or;

struct load {
  int series = 20;
  int threads = 4;
  int samples_per_message = 200;
  int messages = 10'000;
  int window = 100;  // QoS 1 publishes in flight per thread
  [[nodiscard]] std::uint64_t samples() const {
    return static_cast<std::uint64_t>(messages) * static_cast<std::uint64_t>(samples_per_message);
  }
};

std::string topic(const std::string& source, int series) {
  return fmt::format("telemetry/{}/s{}", source, series);
}

// Message m goes to series m % series; its samples continue that series at 1 ms spacing from
// `base`, so every (series, ts) is distinct.
std::string payload(const load& l, int m, timestamp_ms base) {
  std::vector<sample> samples;
  samples.reserve(static_cast<std::size_t>(l.samples_per_message));
  const auto first = static_cast<timestamp_ms>(m / l.series) * l.samples_per_message;
  for (int k = 0; k < l.samples_per_message; ++k) {
    const auto i = first + k;
    samples.push_back({base + i, static_cast<double>(i % 4000) * 0.25, static_cast<std::uint64_t>(i)});
  }
  return encode_samples(samples);
}

// Publishes the load from `threads` threads over the one client; returns when the broker
// acknowledged every message.
void publish(mqtt::async_client& client, const load& l, const std::string& source, timestamp_ms base) {
  std::vector<std::thread> threads;
  for (int t = 0; t < l.threads; ++t) {
    threads.emplace_back([&, t] {
      std::deque<mqtt::delivery_token_ptr> in_flight;
      for (int m = t; m < l.messages; m += l.threads) {
        if (static_cast<int>(in_flight.size()) >= l.window) {
          in_flight.front()->wait();
          in_flight.pop_front();
        }
        in_flight.push_back(client.publish(topic(source, m % l.series), payload(l, m, base), 1, false));
      }
      for (auto& token : in_flight) token->wait();
    });
  }
  for (auto& thread : threads) thread.join();
}

// A subscriber at QoS 1 that only counts messages.
class counting_subscriber {
 public:
  explicit counting_subscriber(const std::string& uri) : client_(uri, "ingest-bench-subscriber") {
    client_.set_message_callback([this](mqtt::const_message_ptr) {
      messages_.fetch_add(1, std::memory_order_relaxed);
      last_ = clock_type::now().time_since_epoch().count();
    });
    client_.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
    client_.subscribe("telemetry/#", 1)->wait();
  }
  ~counting_subscriber() {
    try {
      client_.disconnect()->wait_for(2s);
    } catch (...) {
    }
  }
  [[nodiscard]] std::uint64_t messages() const { return messages_.load(); }
  [[nodiscard]] clock_type::time_point last() const {
    return clock_type::time_point(clock_type::duration(last_.load()));
  }

 private:
  mqtt::async_client client_;
  std::atomic<std::uint64_t> messages_{0};
  std::atomic<clock_type::rep> last_{0};
};

double metric(bench::http_connection& http, std::string_view name) {
  std::string body;
  if (http.get("/metrics", body) != 200) return -1;
  const auto at = body.find(fmt::format("\n{} ", name));
  if (at == std::string::npos) return -1;
  return std::strtod(body.c_str() + at + name.size() + 2, nullptr);
}

}  // namespace

int main() {
  load l;
  l.series = env_or("BENCH_INGEST_SERIES", 20);
  l.threads = env_or("BENCH_INGEST_THREADS", 4);
  l.samples_per_message = env_or("BENCH_INGEST_BATCH", 200);
  l.messages = env_or("BENCH_INGEST_SAMPLES", 2'000'000) / l.samples_per_message;
  const auto total = l.samples();
  const std::string shape = fmt::format("{} msgs x {} samples, {} series, {} publisher threads on one client",
                                        l.messages, l.samples_per_message, l.series, l.threads);

  testing::mosquitto_broker broker;
  testing::temp_dir dir;
  // Room for every thread's publishes in flight (Paho refuses more than its buffer holds).
  mqtt::async_client publisher(broker.uri(), "ingest-bench-publisher", mqtt::create_options(MQTTVERSION_3_1_1, 10000));
  publisher.connect(mqtt::connect_options_builder().clean_session(true).max_inflight(65535).finalize())->wait();
  // Recent timestamps: the samples take the same path as live data (window, stream, store).
  const auto base = bench::wall_ms() - 50 * 60 * 1000;

  double baseline_rate = 0;
  {
    counting_subscriber sub(broker.uri());
    publisher.publish(topic("probe", 0), payload(l, 0, base), 1, false)->wait();
    while (sub.messages() < 1) std::this_thread::sleep_for(1ms);
    const auto started = clock_type::now();
    publish(publisher, l, "bench-baseline", base);
    const auto deadline = clock_type::now() + 120s;
    while (sub.messages() < static_cast<std::uint64_t>(l.messages) + 1 && clock_type::now() < deadline)
      std::this_thread::sleep_for(1ms);
    const auto received = (sub.messages() - 1) * static_cast<std::uint64_t>(l.samples_per_message);
    const double seconds = std::chrono::duration<double>(sub.last() - started).count();
    baseline_rate = static_cast<double>(received) / seconds;
    bench::figure("ingest", fmt::format("broker only (counting subscriber, QoS 1), {}", shape), baseline_rate,
                  "samples/s");
    if (received != total) fmt::print(stderr, "baseline: {} of {} samples arrived\n", received, total);
  }

  auto config = bench::bench_config(broker.uri(), dir.path());
  std::uint64_t stored = 0;
  {
    app::backend_app backend(config);
    backend.start();
    const int port = backend.http_port();
    if (!bench::wait_http_ok(port, "/readyz", 30s)) {
      fmt::print(stderr, "backend not ready\n");
      return 1;
    }
    bench::http_connection http(port);
    // The probe proves the subscription is in place before the clock starts.
    const auto probe = static_cast<double>(l.samples_per_message);
    publisher.publish(topic("probe", 0), payload(l, 0, base), 1, false)->wait();
    while (metric(http, "telemetry_store_samples_written_total") < probe) std::this_thread::sleep_for(5ms);

    const auto started = clock_type::now();
    publish(publisher, l, "bench-ingest", base);
    const auto published = clock_type::now();
    const auto deadline = published + 120s;
    clock_type::time_point accepted{};
    double written = 0;
    while (clock_type::now() < deadline) {
      written = metric(http, "telemetry_store_samples_written_total") - probe;
      if (accepted == clock_type::time_point{} &&
          metric(http, "telemetry_ingest_samples_total") - probe >= static_cast<double>(total))
        accepted = clock_type::now();
      if (written >= static_cast<double>(total)) break;
      std::this_thread::sleep_for(2ms);
    }
    const auto done = clock_type::now();
    const double seconds = std::chrono::duration<double>(done - started).count();
    const double rate = static_cast<double>(total) / seconds;
    const double ratio = rate / baseline_rate;
    bench::figure("ingest", fmt::format("backend, MQTT -> SQLite committed, {}", shape), rate, "samples/s",
                  ">= 300,000 samples/s", rate >= 300'000);
    bench::figure("ingest", "backend / broker-only baseline", 100.0 * ratio, "%", ">= 90 %", ratio >= 0.9);
    bench::figure("ingest", "publisher done (broker acknowledged all)",
                  static_cast<double>(total) / std::chrono::duration<double>(published - started).count(), "samples/s");
    if (accepted != clock_type::time_point{}) {
      bench::figure("ingest", "ingest accepted all (journal + window + queue)",
                    static_cast<double>(total) / std::chrono::duration<double>(accepted - started).count(),
                    "samples/s");
    }
    backend.stop();
  }
  // Read the store back: every sample is there once.
  {
    store::sqlite_store check(dir.path() + "/telemetry.db");
    for (int s = 0; s < l.series; ++s) {
      (void)check.scan({fmt::format("bench-ingest/s{}", s), 0, max_timestamp_ms, 0}, [&](const store::point&) {
        ++stored;
        return true;
      });
    }
  }
  bench::figure("ingest", "samples read back from SQLite", static_cast<double>(stored), "samples",
                fmt::format("= {}", total), stored == total);
  try {
    publisher.disconnect()->wait_for(2s);
  } catch (...) {
  }
  return stored == total ? 0 : 1;
}
