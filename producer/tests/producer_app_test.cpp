#include "producer_app.hpp"

#include <gtest/gtest.h>
#include <mqtt/async_client.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include "telemetry/common/payload_codec.hpp"
#include "telemetry/common/producer_status.hpp"
#include "telemetry/common/series_meta.hpp"
#include "telemetry/testing/child_process.hpp"
#include "telemetry/testing/mosquitto_broker.hpp"

// The real telemetry-producer binary against a real mosquitto. Each test runs in its own process
// (gtest_discover_tests), with one broker and exactly one subscribing client.
namespace telemetry::producer {
namespace {

using namespace std::chrono_literals;
using testing::child_process;
using testing::mosquitto_broker;
using testing::temp_dir;

const std::vector<std::string> electrolyzer_ids{"power_input", "water_flow", "temperature", "h2_production",
                                                "efficiency"};

timestamp_ms wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct received {
  std::string topic;
  std::string payload;
  bool retained;
};

// The one MQTT client of the test process: subscribes to everything under telemetry/, with a
// persistent session and automatic reconnect so it also survives a broker restart.
class subscriber {
 public:
  explicit subscriber(const std::string& uri) : client_(uri, "producer-test-subscriber") {
    client_.set_message_callback([this](mqtt::const_message_ptr m) {
      const std::scoped_lock lock(mutex_);
      messages_.push_back({m->get_topic(), m->to_string(), m->is_retained()});
    });
    mqtt::connect_options options;
    options.set_clean_session(false);
    options.set_automatic_reconnect(std::chrono::milliseconds(200), std::chrono::seconds(1));
    client_.connect(options)->wait();
    subscribe("telemetry/#");
  }
  ~subscriber() {
    try {
      client_.disconnect()->wait_for(2s);
    } catch (...) {
    }
  }

  void subscribe(const std::string& filter) { client_.subscribe(filter, 1)->wait(); }

  std::vector<received> messages() const {
    const std::scoped_lock lock(mutex_);
    return messages_;
  }

  // Waits until `done(messages)` holds or the timeout passes.
  template <typename Predicate>
  bool wait_for(Predicate done, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done(messages())) return true;
      std::this_thread::sleep_for(20ms);
    }
    return done(messages());
  }

  // Samples per series id of `source`, in arrival order, and the payloads they came in.
  std::map<std::string, std::vector<sample>> samples(const std::string& source,
                                                     std::vector<std::string>* payloads = nullptr) const {
    std::map<std::string, std::vector<sample>> out;
    const std::string prefix = "telemetry/" + source + "/";
    for (const auto& m : messages()) {
      if (!m.topic.starts_with(prefix)) continue;
      const auto signal = m.topic.substr(prefix.size());
      if (signal == "status" || signal.find('/') != std::string::npos) continue;
      EXPECT_EQ(decode_samples(m.payload, out[signal]), decode_error::none) << m.payload;
      if (payloads != nullptr) payloads->push_back(m.payload);
    }
    return out;
  }

  std::vector<producer_status> statuses(const std::string& source, bool retained_only = false) const {
    std::vector<producer_status> out;
    for (const auto& m : messages()) {
      if (m.topic != "telemetry/" + source + "/status" || (retained_only && !m.retained)) continue;
      producer_status status;
      EXPECT_EQ(decode_status(m.payload, status), decode_error::none);
      out.push_back(status);
    }
    return out;
  }

 private:
  mqtt::async_client client_;
  mutable std::mutex mutex_;
  std::vector<received> messages_;
};

bool went_offline(const std::vector<received>& messages, const std::string& source) {
  return std::any_of(messages.begin(), messages.end(), [&](const received& m) {
    return m.topic == "telemetry/" + source + "/status" && m.payload.find("offline") != std::string::npos;
  });
}

class ProducerBinary : public ::testing::Test {
 protected:
  std::unique_ptr<child_process> start(std::vector<std::string> args) {
    args.insert(args.begin(), {TELEMETRY_PRODUCER_BIN, "--broker", broker_.uri(), "--log-level", "warn"});
    return std::make_unique<child_process>(args, dir_.path() + "/producer-" + std::to_string(++runs_) + ".log");
  }
  // Runs to the end of --duration and waits for the offline status.
  void run_to_end(const std::string& source, std::vector<std::string> args) {
    args.insert(args.end(), {"--source", source});
    auto producer = start(args);
    ASSERT_EQ(producer->wait_exit(20s), 0) << producer->log();
    ASSERT_TRUE(sub_.wait_for([&](const auto& m) { return went_offline(m, source); }, 5s));
  }

  mosquitto_broker broker_;
  temp_dir dir_;
  subscriber sub_{broker_.uri()};
  int runs_ = 0;
};

void expect_contiguous(const std::vector<sample>& samples, const std::string& id) {
  for (std::size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(samples[i].ts % 100, 0) << id;
    ASSERT_TRUE(samples[i].seq.has_value());
    EXPECT_EQ(*samples[i].seq, static_cast<std::uint64_t>(samples[i].ts / 100)) << id;
    if (i > 0) {
      EXPECT_EQ(samples[i].ts - samples[i - 1].ts, 100) << id << " at " << i;
      EXPECT_EQ(*samples[i].seq, *samples[i - 1].seq + 1) << id;
    }
  }
}

TEST_F(ProducerBinary, PublishesEveryTickOfTheFiveSeriesWithRetainedMetaAndStatus) {
  run_to_end("it-live", {"--duration", "3s"});
  const auto series = sub_.samples("it-live");
  ASSERT_EQ(series.size(), 5U);
  for (const auto& id : electrolyzer_ids) {
    const auto& s = series.at(id);
    EXPECT_GE(s.size(), 29U) << id;
    EXPECT_LE(s.size(), 31U) << id;
    expect_contiguous(s, id);
  }
  const auto live_status = sub_.statuses("it-live");
  ASSERT_GE(live_status.size(), 2U);
  EXPECT_EQ(live_status.front().state, producer_state::online);
  EXPECT_EQ(live_status.back().state, producer_state::offline);

  // A client arriving now gets the retained metadata and the retained offline status.
  sub_.subscribe("telemetry/it-live/+/meta");
  sub_.subscribe("telemetry/it-live/status");
  ASSERT_TRUE(sub_.wait_for(
      [](const auto& messages) {
        return std::count_if(messages.begin(), messages.end(), [](const received& m) { return m.retained; }) >= 6;
      },
      5s));
  std::map<std::string, series_meta> metas;
  for (const auto& m : sub_.messages()) {
    if (!m.retained || !m.topic.ends_with("/meta")) continue;
    series_meta meta;
    ASSERT_EQ(decode_meta(m.payload, meta), decode_error::none);
    metas[m.topic] = meta;
  }
  ASSERT_EQ(metas.size(), 5U);
  EXPECT_EQ(metas.at("telemetry/it-live/power_input/meta").name, "Power Input");
  EXPECT_EQ(metas.at("telemetry/it-live/power_input/meta").unit, "kW");
  EXPECT_EQ(metas.at("telemetry/it-live/h2_production/meta").name, "Hydrogen Production Rate");
  EXPECT_EQ(metas.at("telemetry/it-live/temperature/meta").unit, "°C");
  const auto retained_status = sub_.statuses("it-live", true);
  ASSERT_EQ(retained_status.size(), 1U);
  EXPECT_EQ(retained_status.front().state, producer_state::offline);
}

TEST_F(ProducerBinary, SigtermPublishesOfflineAndExitsZero) {
  auto producer = start({"--source", "it-term"});
  ASSERT_TRUE(sub_.wait_for([](const auto& m) { return m.size() > 20; }, 10s)) << producer->log();
  EXPECT_EQ(producer->stop(SIGTERM), 0) << producer->log();
  ASSERT_TRUE(sub_.wait_for([](const auto& m) { return went_offline(m, "it-term"); }, 5s));
  const auto statuses = sub_.statuses("it-term");
  EXPECT_EQ(statuses.front().state, producer_state::online);
  EXPECT_EQ(statuses.back().state, producer_state::offline);
  for (const auto& [id, samples] : sub_.samples("it-term")) expect_contiguous(samples, id);
}

TEST_F(ProducerBinary, BackfillDeliversThePastWithOriginalTimestampsThenLiveWithoutGap) {
  const auto launched = wall_ms();
  run_to_end("it-backfill", {"--backfill", "10s", "--duration", "2s"});
  const auto series = sub_.samples("it-backfill");
  ASSERT_EQ(series.size(), 5U);
  for (const auto& id : electrolyzer_ids) {
    const auto& s = series.at(id);
    EXPECT_GE(s.size(), 119U) << id;
    EXPECT_LE(s.size(), 121U) << id;
    expect_contiguous(s, id);
    EXPECT_LE(s.front().ts, launched - 9'000) << id;
    EXPECT_GE(s.front().ts, launched - 11'000) << id;
    EXPECT_GE(s.back().ts, launched + 1'500) << id;
  }
}

TEST_F(ProducerBinary, BatchDeliversArrays) {
  std::vector<std::string> payloads;
  run_to_end("it-batch", {"--batch", "10", "--duration", "2s"});
  const auto series = sub_.samples("it-batch", &payloads);
  ASSERT_EQ(series.size(), 5U);
  for (const auto& id : electrolyzer_ids) {
    EXPECT_GE(series.at(id).size(), 19U) << id;
    EXPECT_LE(series.at(id).size(), 21U) << id;
    expect_contiguous(series.at(id), id);
  }
  ASSERT_FALSE(payloads.empty());
  std::size_t full = 0;
  for (const auto& p : payloads) {
    std::vector<sample> decoded;
    ASSERT_EQ(decode_samples(p, decoded), decode_error::none);
    if (p.front() == '[' && decoded.size() == 10) ++full;
  }
  EXPECT_GE(full, 5U * 1);  // every series sends at least one full array of ten
  EXPECT_GE(full, payloads.size() - 5);
}

TEST_F(ProducerBinary, ConfigFileAddsGenericSignalsAtTheirOwnRates) {
  run_to_end("it-config", {"--config", TELEMETRY_PRODUCER_EXAMPLES "/signals.json", "--duration", "2s"});
  const auto series = sub_.samples("it-config");
  ASSERT_EQ(series.size(), 10U);
  const auto& vibration = series.at("stack_vibration");  // 20 Hz
  EXPECT_GE(vibration.size(), 39U);
  EXPECT_LE(vibration.size(), 41U);
  for (std::size_t i = 1; i < vibration.size(); ++i) EXPECT_EQ(vibration[i].ts - vibration[i - 1].ts, 50);
  for (const auto& s : vibration) {
    EXPECT_GE(s.value, 0.5);
    EXPECT_LE(s.value, 3.5);
  }
}

TEST_F(ProducerBinary, RestartRepublishesTheSameValuesForTheSameInstants) {
  run_to_end("it-restart", {"--duration", "1s", "--seed", "9"});
  const auto first = sub_.samples("it-restart").at("power_input");
  run_to_end("it-restart", {"--duration", "500ms", "--backfill", "3s", "--seed", "9"});
  const auto both = sub_.samples("it-restart").at("power_input");
  std::map<timestamp_ms, double> seen;
  for (std::size_t i = 0; i < first.size(); ++i) seen[first[i].ts] = first[i].value;
  int overlap = 0;
  for (std::size_t i = first.size(); i < both.size(); ++i) {
    if (const auto it = seen.find(both[i].ts); it != seen.end()) {
      EXPECT_EQ(it->second, both[i].value);
      ++overlap;
    }
  }
  EXPECT_GE(overlap, 9);
}

TEST_F(ProducerBinary, BrokerOutageDelaysDeliveryButLosesNothing) {
  auto producer = start({"--source", "it-outage", "--duration", "5s"});
  ASSERT_TRUE(sub_.wait_for([](const auto& m) { return m.size() > 20; }, 10s)) << producer->log();
  broker_.stop();  // mosquitto saves its state, including the subscriber's session
  std::this_thread::sleep_for(1500ms);
  broker_.start();
  ASSERT_EQ(producer->wait_exit(30s), 0) << producer->log();
  ASSERT_TRUE(sub_.wait_for([](const auto& m) { return went_offline(m, "it-outage"); }, 10s));
  // Wait until every sample of the run has arrived, then check none is missing or repeated.
  const auto complete = [&](const auto&) {
    const auto series = sub_.samples("it-outage");
    return series.size() == 5 &&
           std::all_of(series.begin(), series.end(), [](const auto& s) { return s.second.size() >= 49; });
  };
  EXPECT_TRUE(sub_.wait_for(complete, 10s));
  for (const auto& id : electrolyzer_ids) {
    auto samples = sub_.samples("it-outage").at(id);
    // Redelivery after a reconnect may reorder messages; order is not what is checked here.
    std::sort(samples.begin(), samples.end(), [](const sample& a, const sample& b) { return a.ts < b.ts; });
    samples.erase(std::unique(samples.begin(), samples.end()), samples.end());
    EXPECT_GE(samples.size(), 49U) << id;
    EXPECT_LE(samples.size(), 51U) << id;
    expect_contiguous(samples, id);
  }
}

// Under full load a restart catches messages half written and in flight. Paho C 1.3.12's own
// resend of a persistent session could then send a message whose memory it had freed: the
// broker disconnected the producer as malformed on every reconnect, and nothing more arrived.
TEST_F(ProducerBinary, RepeatedBrokerRestartsUnderFullLoadLoseNothing) {
  auto producer = start({"--source", "it-restarts", "--rate", "1000", "--batch", "10", "--duration", "16s"});
  ASSERT_TRUE(sub_.wait_for([](const auto& m) { return m.size() > 100; }, 10s)) << producer->log();
  for (int restart = 0; restart < 5; ++restart) {
    std::this_thread::sleep_for(1500ms);
    broker_.stop();
    std::this_thread::sleep_for(500ms);
    broker_.start();
  }
  ASSERT_EQ(producer->wait_exit(40s), 0) << producer->log();
  ASSERT_TRUE(sub_.wait_for([](const auto& m) { return went_offline(m, "it-restarts"); }, 20s)) << producer->log();
  // Every series covers the same ticks at 1 ms: each must hold all of them, once.
  std::map<std::string, std::vector<timestamp_ms>> ticks;
  timestamp_ms first = std::numeric_limits<timestamp_ms>::max();
  timestamp_ms last = 0;
  const auto collect = [&] {
    ticks.clear();
    for (const auto& [id, samples] : sub_.samples("it-restarts")) {
      auto& ts = ticks[id];
      for (const auto& s : samples) ts.push_back(s.ts);
      std::sort(ts.begin(), ts.end());
      ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
      if (!ts.empty()) first = std::min(first, ts.front());
      if (!ts.empty()) last = std::max(last, ts.back());
    }
    return ticks.size() == 5 && std::all_of(ticks.begin(), ticks.end(), [&](const auto& t) {
             return static_cast<timestamp_ms>(t.second.size()) == last - first + 1;
           });
  };
  EXPECT_TRUE(sub_.wait_for([&](const auto&) { return collect(); }, 20s)) << producer->log();
  for (const auto& [id, ts] : ticks) {
    EXPECT_EQ(static_cast<timestamp_ms>(ts.size()), last - first + 1) << id << " misses ticks";
  }
  EXPECT_GE(last - first + 1, 15'000) << "about 16 s at 1000 Hz";
}

// No broker is needed to reject a bad command line.
TEST(ProducerBinaryErrors, BadConfigurationExitsNonZeroWithOneLine) {
  temp_dir dir;
  const std::string bad_config = dir.path() + "/bad.json";
  std::ofstream(bad_config) << R"({"signals": [{"id": "x", "kind": "triangle", "min": 0, "max": 1}]})";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--rate", "0"}, "--rate"},
      {{"--qos", "3"}, "--qos"},
      {{"--duration", "5x"}, "--duration"},
      {{"--backfill", "-1s"}, "--backfill"},
      {{"--batch", "0"}, "--batch"},
      {{"--source", "Not Valid"}, "--source"},
      {{"--config", bad_config}, "unknown kind 'triangle'"},
      {{"--config", dir.path() + "/missing.json"}, "missing.json"},
      {{"--no-such-flag"}, "--no-such-flag"},
      {{"--broker", "tcp://127.0.0.1:" + std::to_string(testing::free_port()), "--connect-timeout", "1s"},
       "cannot connect"},
  };
  int run = 0;
  for (const auto& [args, expected] : cases) {
    std::vector<std::string> argv{TELEMETRY_PRODUCER_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    child_process producer(argv, dir.path() + "/run-" + std::to_string(++run) + ".log");
    const int code = producer.wait_exit(10s);
    const auto log = producer.log();
    EXPECT_NE(code, 0) << args.front();
    EXPECT_NE(code, -1) << args.front();
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
    EXPECT_EQ(log.rfind("telemetry-producer: error: ", 0), 0U) << log;
    EXPECT_NE(log.find(expected), std::string::npos) << log;
  }
}

TEST(ProducerBinaryErrors, HelpListsEveryFlag) {
  temp_dir dir;
  child_process producer({TELEMETRY_PRODUCER_BIN, "--help"}, dir.path() + "/help.log");
  EXPECT_EQ(producer.wait_exit(5s), 0);
  const auto help = producer.log();
  for (const char* flag : {"--broker", "--source", "--rate", "--qos", "--config", "--duration", "--backfill", "--batch",
                           "--seed", "--log-level", "--client-id", "TELEMETRY_BROKER"}) {
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
  }
}

TEST(ProducerOptions, BuildSignalsValidatesWithoutABroker) {
  producer_options options;
  EXPECT_EQ(build_signals(options).size(), 5U);
  options.config_path = TELEMETRY_PRODUCER_EXAMPLES "/signals.json";
  EXPECT_EQ(build_signals(options).size(), 10U);
  options.rate_hz = 2000;
  EXPECT_THROW((void)build_signals(options), std::runtime_error);
}

}  // namespace
}  // namespace telemetry::producer
