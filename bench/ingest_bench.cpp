// Ingest throughput through a real mosquitto into SQLite, QoS 1, batched payloads.
//  baseline: the publisher below -> mosquitto -> a Paho subscriber at QoS 1 that only counts,
//            in a process of its own (this program started again with --count);
//  backend:  the same publisher -> mosquitto -> the telemetry-backend binary (temp SQLite),
//            timed until every sample is written to the store (the writer's committed count),
//            then checked by reading the store back.
// Subscriber and backend each run as their own process, as they are deployed: Paho C serves
// every client of a process from one receive thread, so a subscriber in the publisher's
// process would share that thread with the publisher's acknowledgements. The publisher's
// threads share ONE Paho async client (a second async client in one process takes about 2 s
// to connect, a Paho C issue); the timing starts only after a probe message went through.
#include <fmt/format.h>
#include <mqtt/async_client.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

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

// The child process of the baseline: subscribes at QoS 1, counts, and when `expected`
// messages arrived prints the steady-clock time of the last one (the clock is the machine's
// CLOCK_MONOTONIC, shared by both processes) and the CPU seconds it spent from its subscription
// on. A file `ready` appears once it is subscribed.
int count_messages(const std::string& uri, std::uint64_t expected, const std::string& ready) {
  mqtt::async_client client(uri, "ingest-bench-subscriber");
  std::atomic<std::uint64_t> messages{0};
  std::atomic<clock_type::rep> last{0};
  client.set_message_callback([&](mqtt::const_message_ptr) {
    last = clock_type::now().time_since_epoch().count();
    messages.fetch_add(1, std::memory_order_relaxed);
  });
  // The backend's session settings: persistent session (clean session off), QoS 1, so the
  // broker does the same work for both subscribers.
  client.connect(mqtt::connect_options_builder().clean_session(false).keep_alive_interval(20s).finalize())->wait();
  client.subscribe("telemetry/#", 1)->wait();
  const double cpu_subscribed = bench::cpu_seconds(getpid());
  std::FILE* marker = std::fopen(ready.c_str(), "w");
  if (marker != nullptr) std::fclose(marker);
  const auto deadline = clock_type::now() + 300s;
  while (messages.load() < expected && clock_type::now() < deadline) std::this_thread::sleep_for(1ms);
  fmt::print("{} {} {}\n", messages.load(), last.load(), bench::cpu_seconds(getpid()) - cpu_subscribed);
  std::fflush(stdout);
  try {
    client.disconnect()->wait_for(2s);
  } catch (...) {
  }
  return messages.load() >= expected ? 0 : 1;
}

// CPU seconds of this process (the publisher) and of the broker together.
double publisher_and_broker_cpu(const testing::mosquitto_broker& broker) {
  return bench::cpu_seconds(getpid()) + bench::cpu_seconds(broker.pid());
}

// CPU of this thread per sample to decode the benchmark's own payloads with the backend's codec:
// the part of the backend's work no design of the pipeline can leave out.
double decode_cpu_us_per_sample(const load& l, timestamp_ms base) {
  std::vector<std::string> payloads;
  for (int m = 0; m < std::min(l.messages, 2000); ++m) payloads.push_back(payload(l, m, base));
  std::vector<sample> decoded;
  std::uint64_t samples = 0;
  const double before = bench::thread_cpu_seconds();
  for (int round = 0; round < 5; ++round) {
    for (const auto& p : payloads) {
      decoded.clear();
      if (const auto error = decode_samples(p, decoded); error != decode_error::none) {
        throw std::runtime_error(fmt::format("decode_samples refused the benchmark's payload: {}", to_string(error)));
      }
      samples += decoded.size();
    }
  }
  return (bench::thread_cpu_seconds() - before) * 1e6 / static_cast<double>(samples);
}

double metric(bench::http_connection& http, std::string_view name) {
  std::string body;
  if (http.get("/metrics", body) != 200) return -1;
  const auto at = body.find(fmt::format("\n{} ", name));
  if (at == std::string::npos) return -1;
  return std::strtod(body.c_str() + at + name.size() + 2, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string_view(argv[1]) == "--count") {
    return count_messages(argv[2], std::strtoull(argv[3], nullptr, 10), argv[4]);
  }
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

  const auto cores = bench::cores_available();
  double baseline_rate = 0;
  double baseline_others_cpu_us = 0;  // publisher + broker, per sample, in the baseline
  {
    const auto ready = dir.path() + "/subscriber-ready";
    const auto output = dir.path() + "/subscriber.out";
    const auto expected = static_cast<std::uint64_t>(l.messages) + 1;
    testing::child_process sub({"/proc/self/exe", "--count", broker.uri(), std::to_string(expected), ready}, output);
    const auto subscribe_deadline = clock_type::now() + 30s;
    while (!std::filesystem::exists(ready)) {
      if (clock_type::now() > subscribe_deadline || !sub.running()) {
        fmt::print(stderr, "baseline subscriber did not subscribe:\n{}\n", sub.log());
        return 1;
      }
      std::this_thread::sleep_for(1ms);
    }
    publisher.publish(topic("probe", 0), payload(l, 0, base), 1, false)->wait();
    const double others_before = publisher_and_broker_cpu(broker);
    const auto started = clock_type::now();
    publish(publisher, l, "bench-baseline", base);
    (void)sub.wait_exit(300s);
    baseline_others_cpu_us = (publisher_and_broker_cpu(broker) - others_before) * 1e6 / static_cast<double>(total);
    std::uint64_t received_messages = 0;
    clock_type::rep last = 0;
    double subscriber_cpu = 0;
    std::istringstream(sub.log()) >> received_messages >> last >> subscriber_cpu;
    const auto received = (received_messages - 1) * static_cast<std::uint64_t>(l.samples_per_message);
    const double seconds =
        std::chrono::duration<double>(clock_type::time_point(clock_type::duration(last)) - started).count();
    baseline_rate = static_cast<double>(received) / seconds;
    bench::figure("ingest", fmt::format("broker only (counting subscriber process, QoS 1), {}", shape), baseline_rate,
                  "samples/s");
    if (received != total) fmt::print(stderr, "baseline: {} of {} samples arrived\n", received, total);
    bench::figure("ingest", "broker only: CPU per sample of the publisher and mosquitto", baseline_others_cpu_us, "us");
    bench::figure("ingest", "broker only: CPU per sample of the counting subscriber (Paho receive)",
                  subscriber_cpu * 1e6 / static_cast<double>(total), "us");
  }

  std::uint64_t stored = 0;
  {
    const int port = testing::free_port();
    testing::child_process backend(
        {TELEMETRY_BACKEND_BIN, "--broker", broker.uri(), "--client-id", "ingest-bench", "--store",
         "sqlite:" + dir.path() + "/telemetry.db", "--http", fmt::format("127.0.0.1:{}", port), "--log-level", "warn"},
        dir.path() + "/backend.log");
    if (!bench::wait_http_ok(port, "/readyz", 30s)) {
      fmt::print(stderr, "backend not ready:\n{}\n", backend.log());
      return 1;
    }
    bench::http_connection http(port);
    // The probe proves the subscription is in place before the clock starts.
    const auto probe = static_cast<double>(l.samples_per_message);
    publisher.publish(topic("probe", 0), payload(l, 0, base), 1, false)->wait();
    while (metric(http, "telemetry_store_samples_written_total") < probe) std::this_thread::sleep_for(5ms);

    const double cpu_before = bench::cpu_seconds(backend.pid());
    const double others_before = publisher_and_broker_cpu(broker);
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
      std::this_thread::sleep_for(10ms);
    }
    const auto done = clock_type::now();
    const double backend_cpu = bench::cpu_seconds(backend.pid()) - cpu_before;
    const double others_cpu = publisher_and_broker_cpu(broker) - others_before;
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
    bench::figure("ingest", "backend CPU per sample (all threads: MQTT, decode, journal, window, SQLite)",
                  backend_cpu * 1e6 / static_cast<double>(total), "us");
    bench::figure("ingest", "backend run: CPU per sample of the publisher and mosquitto",
                  others_cpu * 1e6 / static_cast<double>(total), "us");
    // At 90 % of the baseline's rate the machine has cores / (0.9 x rate) CPU-seconds per
    // sample; the publisher and broker take at least what they took in the baseline. What is
    // left is the most the backend may spend per sample, all threads, for 90 % to fit at all.
    bench::figure("ingest", fmt::format("backend CPU per sample that 90 % of the baseline leaves ({} cores)", cores),
                  static_cast<double>(cores) * 1e6 / (0.9 * baseline_rate) - baseline_others_cpu_us, "us");
    bench::figure("ingest", "decode_samples alone, CPU per sample (these payloads, one thread)",
                  decode_cpu_us_per_sample(l, base), "us");
    if (backend.stop(SIGTERM, 60s) != 0) fmt::print(stderr, "backend did not stop cleanly:\n{}\n", backend.log());
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
