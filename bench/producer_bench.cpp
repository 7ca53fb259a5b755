// Producer throughput through a real mosquitto at QoS 1, counted by one subscriber.
//  live:  many generic signals at 1000 Hz with --batch, for a fixed time: the sustained rate
//         the producer keeps up with, and whether every sample arrived.
//  burst: a --backfill of the past minutes, published as fast as the broker acknowledges:
//         the ceiling of the publish path.
#include <fmt/format.h>
#include <mqtt/async_client.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "telemetry/common/payload_codec.hpp"
#include "telemetry/testing/child_process.hpp"
#include "telemetry/testing/mosquitto_broker.hpp"

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using telemetry::testing::child_process;

// Counts samples (not messages) of every payload received under telemetry/.
class counting_subscriber {
 public:
  explicit counting_subscriber(const std::string& uri) : client_(uri, "producer-bench-subscriber") {
    client_.set_message_callback([this](mqtt::const_message_ptr m) {
      if (m->get_topic().ends_with("/meta") || m->get_topic().ends_with("/status")) return;
      decoded_.clear();
      if (telemetry::decode_samples(m->to_string(), decoded_) == telemetry::decode_error::none) {
        samples_.fetch_add(decoded_.size(), std::memory_order_relaxed);
        last_ = clock_type::now().time_since_epoch().count();
      }
    });
    mqtt::connect_options options;
    options.set_clean_session(true);
    client_.connect(options)->wait();
    client_.subscribe("telemetry/#", 1)->wait();
  }
  ~counting_subscriber() {
    try {
      client_.disconnect()->wait_for(2s);
    } catch (...) {
    }
  }
  [[nodiscard]] std::uint64_t samples() const { return samples_.load(); }
  [[nodiscard]] clock_type::time_point last_arrival() const {
    return clock_type::time_point(clock_type::duration(last_.load()));
  }

 private:
  mqtt::async_client client_;
  std::vector<telemetry::sample> decoded_;  // used by the one callback thread only
  std::atomic<std::uint64_t> samples_{0};
  std::atomic<clock_type::rep> last_{0};
};

std::string write_config(const std::string& dir, int signals, int rate_hz) {
  const std::string path = dir + "/bench-signals.json";
  std::ofstream out(path);
  out << R"({"electrolyzer": false, "signals": [)";
  for (int i = 0; i < signals; ++i) {
    out << (i ? "," : "")
        << fmt::format(
               R"({{"id": "s{}", "kind": "sine", "min": -1, "max": 1, "amplitude": 1, "period": "10s", "rate": {}}})",
               i, rate_hz);
  }
  out << "]}";
  return path;
}

// The sample count the producer reports in its last log line.
std::uint64_t reported_samples(const std::string& log) {
  std::smatch match;
  const std::regex published(R"(published (\d+) samples)");
  return std::regex_search(log, match, published) ? std::stoull(match[1]) : 0;
}

// Waits until no sample has arrived for `quiet`, at most `timeout`.
void wait_quiet(const counting_subscriber& sub, std::chrono::milliseconds quiet, std::chrono::seconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  auto seen = sub.samples();
  auto changed = clock_type::now();
  while (clock_type::now() < deadline && clock_type::now() - changed < quiet) {
    std::this_thread::sleep_for(50ms);
    if (sub.samples() != seen) {
      seen = sub.samples();
      changed = clock_type::now();
    }
  }
}

int live(const telemetry::testing::mosquitto_broker& broker, const std::string& dir, int signals, int rate_hz,
         int batch, int seconds) {
  counting_subscriber sub(broker.uri());
  child_process producer({TELEMETRY_PRODUCER_BIN, "--broker", broker.uri(), "--source", "bench-live", "--config",
                          write_config(dir, signals, rate_hz), "--batch", std::to_string(batch), "--qos", "1",
                          "--duration", std::to_string(seconds) + "s"},
                         dir + "/live.log");
  // Measure the steady middle: skip the first second (connect, thread start).
  while (sub.samples() == 0 && producer.running()) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(1s);
  const auto from_count = sub.samples();
  const auto from = clock_type::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds - 2));
  const auto to_count = sub.samples();
  const auto to = clock_type::now();
  if (producer.wait_exit(60s) != 0) {
    fmt::print(stderr, "producer failed:\n{}\n", producer.log());
    return 1;
  }
  wait_quiet(sub, 500ms, 30s);
  const double window = std::chrono::duration<double>(to - from).count();
  const auto sent = reported_samples(producer.log());
  fmt::print(
      "producer live : {} signals x {} Hz, batch {}, QoS 1, {} s: offered {} samples/s, delivered {:.0f} samples/s"
      " (sent {}, received {}, lost {})\n",
      signals, rate_hz, batch, seconds, signals * rate_hz, static_cast<double>(to_count - from_count) / window, sent,
      sub.samples(), static_cast<std::int64_t>(sent) - static_cast<std::int64_t>(sub.samples()));
  return sent == sub.samples() ? 0 : 1;
}

int burst(const telemetry::testing::mosquitto_broker& broker, const std::string& dir, int signals, int rate_hz,
          int minutes) {
  counting_subscriber sub(broker.uri());
  const auto started = clock_type::now();
  child_process producer({TELEMETRY_PRODUCER_BIN, "--broker", broker.uri(), "--source", "bench-burst", "--config",
                          write_config(dir, signals, rate_hz), "--batch", "500", "--qos", "1", "--backfill",
                          std::to_string(minutes) + "m", "--duration", "1s"},
                         dir + "/burst.log");
  while (sub.samples() == 0 && producer.running()) std::this_thread::sleep_for(1ms);
  const auto first = clock_type::now();
  if (producer.wait_exit(300s) != 0) {
    fmt::print(stderr, "producer failed:\n{}\n", producer.log());
    return 1;
  }
  wait_quiet(sub, 500ms, 60s);
  const auto received = sub.samples();
  const double seconds = std::chrono::duration<double>(sub.last_arrival() - first).count();
  fmt::print(
      "producer burst: backfill {} min of {} signals x {} Hz, batch 500, QoS 1: {} samples in {:.2f} s ="
      " {:.0f} samples/s (start-up {:.2f} s, sent {}, lost {})\n",
      minutes, signals, rate_hz, received, seconds, static_cast<double>(received) / seconds,
      std::chrono::duration<double>(first - started).count(), reported_samples(producer.log()),
      static_cast<std::int64_t>(reported_samples(producer.log())) - static_cast<std::int64_t>(received));
  return reported_samples(producer.log()) == received ? 0 : 1;
}

int env_or(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::atoi(value) : fallback;
}

}  // namespace

int main() {
  telemetry::testing::temp_dir dir;
  int failures = 0;
  {
    telemetry::testing::mosquitto_broker broker;
    failures += live(broker, dir.path(), env_or("BENCH_SIGNALS", 64), env_or("BENCH_RATE", 1000),
                     env_or("BENCH_BATCH", 100), env_or("BENCH_SECONDS", 10));
  }
  {
    telemetry::testing::mosquitto_broker broker;
    failures += burst(broker, dir.path(), 20, 100, env_or("BENCH_BACKFILL_MINUTES", 10));
  }
  return failures == 0 ? 0 : 1;
}
