// The real telemetry-backend binary against a real Mosquitto: each test starts a broker and
// the backend on free loopback ports with a temporary SQLite store, publishes over MQTT, and
// checks what the HTTP API, the SSE stream and /metrics say. Black-box: nothing of the
// backend is linked in, so these tests see exactly what a dashboard or an operator sees.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <mqtt/async_client.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "telemetry/testing/child_process.hpp"
#include "telemetry/testing/http_client.hpp"
#include "telemetry/testing/mosquitto_broker.hpp"

namespace {

using namespace std::chrono_literals;
namespace tt = telemetry::testing;

using point = std::pair<std::int64_t, double>;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A time base half an hour ago on a whole second: inside the default one-hour query range and
// the recent window, far from the skew limit.
std::int64_t recent_base() {
  return (now_ms() - 30 * 60 * 1000) / 1000 * 1000;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(30ms);
  }
  return condition();
}

std::string sample_json(std::int64_t ts, double value) {
  return fmt::format(R"({{"ts":{},"value":{}}})", ts, value);
}

std::string batch_json(const std::vector<point>& points) {
  std::string out = "[";
  for (const auto& [ts, value] : points) {
    if (out.size() > 1) out += ',';
    out += sample_json(ts, value);
  }
  return out + "]";
}

// Values on a 1/8 grid print and parse exactly, so comparisons can be exact.
std::vector<point> make_points(std::int64_t base, std::size_t count, std::int64_t step_ms, std::uint32_t seed) {
  std::vector<point> out;
  std::uint32_t state = seed;
  for (std::size_t i = 0; i < count; ++i) {
    state = state * 1664525U + 1013904223U;
    const auto eighths = static_cast<std::int64_t>(state >> 12) % 8000 - 4000;
    out.emplace_back(base + static_cast<std::int64_t>(i) * step_ms, static_cast<double>(eighths) / 8.0);
  }
  return out;
}

// The process's one MQTT client: a second Paho async client in a process takes seconds to
// connect, so every test shares this one and points it at its own broker.
class publisher {
 public:
  static publisher& instance() {
    static publisher shared;
    return shared;
  }

  void connect(const std::string& uri) {
    if (client_ && client_->is_connected()) {
      if (uri == uri_) return;
      client_->disconnect()->wait();
    }
    if (!client_) {
      client_ = std::make_unique<mqtt::async_client>(uri, fmt::format("it-publisher-{}", ::getpid()), nullptr);
    }
    auto options = mqtt::connect_options_builder()
                       .clean_session(true)
                       .servers(std::make_shared<mqtt::string_collection>(std::vector<std::string>{uri}))
                       .connect_timeout(5s)
                       .finalize();
    client_->connect(options)->wait();
    uri_ = uri;
  }

  void publish(const std::string& topic, const std::string& payload, bool retained = false) {
    client_->publish(topic, payload.data(), payload.size(), 1, retained)->wait();
  }

  // Publishes every message at QoS 1 in order and waits for every acknowledgement.
  void publish_all(const std::vector<std::pair<std::string, std::string>>& messages) {
    // A bounded window of messages in flight: Paho refuses more than it can buffer.
    std::deque<mqtt::delivery_token_ptr> tokens;
    for (const auto& [topic, payload] : messages) {
      if (tokens.size() >= 64) {
        tokens.front()->wait();
        tokens.pop_front();
      }
      tokens.push_back(client_->publish(topic, payload.data(), payload.size(), 1, false));
    }
    for (const auto& token : tokens) token->wait();
  }

 private:
  publisher() = default;
  std::unique_ptr<mqtt::async_client> client_;
  std::string uri_;
};

simdjson::dom::element parse_json(simdjson::dom::parser& parser, const std::string& text) {
  return parser.parse(text);
}

std::vector<point> points_of(simdjson::dom::array array) {
  std::vector<point> out;
  for (const auto pair : array) {
    const auto items = pair.get_array();
    const auto ts = items.at(0).get_int64().value();
    const auto value = items.at(1).get_double().value();
    out.emplace_back(ts, value);
  }
  return out;
}

// Prometheus text: `name{labels} value` lines and # comments; anything else fails the test.
std::map<std::string, double> parse_metrics(const std::string& text) {
  static const std::regex line_pattern(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{[^{}]*\})?) ([-+]?([0-9.]+([eE][-+]?[0-9]+)?|Inf|NaN))$)");
  std::map<std::string, double> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    std::smatch match;
    EXPECT_TRUE(std::regex_match(line, match, line_pattern)) << "not a Prometheus sample line: " << line;
    if (!match.empty()) out[match[1]] = std::stod(match[3]);
  }
  return out;
}

// numpy.percentile(x, q) with its default linear method.
double reference_percentile(std::vector<double> sorted, double q) {
  std::sort(sorted.begin(), sorted.end());
  const double h = (static_cast<double>(sorted.size()) - 1.0) * q / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::string iso8601(std::int64_t ts) {
  const std::time_t seconds = static_cast<std::time_t>(ts / 1000);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", text, ts % 1000);
}

// Samples of a stream's `samples` events as (series, ts).
std::vector<std::pair<std::string, std::int64_t>> stream_samples(const tt::sse_reader& reader) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  simdjson::dom::parser parser;
  for (const auto& event : reader.events()) {
    if (event.event != "samples") continue;
    const auto doc = parse_json(parser, event.data);
    for (const auto sample : doc["samples"].get_array()) {
      out.emplace_back(std::string(sample["series"].get_string().value()), sample["ts"].get_int64().value());
    }
  }
  return out;
}

std::size_t count_samples(const tt::sse_reader& reader) {
  return stream_samples(reader).size();
}

std::vector<std::int64_t> timestamps(const std::vector<point>& points) {
  std::vector<std::int64_t> out;
  for (const auto& p : points) out.push_back(p.first);
  return out;
}

int run_command(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

class backend_test : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<tt::mosquitto_broker>();
    publisher::instance().connect(broker_->uri());
    static std::atomic<int> counter{0};
    client_id_ = fmt::format("it-backend-{}-{}", ::getpid(), counter.fetch_add(1));
    http_port_ = tt::free_port();
  }

  void TearDown() override {
    stop_backend(SIGTERM);
    if (HasFailure()) {
      std::ifstream log(dir_.path() + "/backend.log");
      std::stringstream text;
      text << log.rdbuf();
      std::cerr << "---- backend log ----\n" << text.str().substr(0, 20000) << "\n---- end ----\n";
    }
  }

  void start_backend(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{TELEMETRY_BACKEND_BIN,
                                  "--store",
                                  "sqlite:" + dir_.path() + "/t.db",
                                  "--http",
                                  fmt::format("127.0.0.1:{}", http_port_),
                                  "--broker",
                                  broker_->uri(),
                                  "--client-id",
                                  client_id_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    backend_ = std::make_unique<tt::child_process>(argv, dir_.path() + "/backend.log");
    const bool ready = eventually([&] { return get("/readyz", {}, 1s).status == 200; }, 15s);
    ASSERT_TRUE(ready) << "backend not ready:\n" << backend_->log();
  }

  // Returns the exit status.
  int stop_backend(int signal = SIGTERM) {
    if (!backend_) return -1;
    const int code = backend_->stop(signal, 30s);
    backend_.reset();
    return code;
  }

  [[nodiscard]] tt::http_reply get(const std::string& target, const tt::http_headers& headers = {},
                                   std::chrono::milliseconds timeout = 10s) const {
    return tt::http_get(http_port_, target, headers, timeout);
  }

  // GET that must answer 200 with JSON; parsed into `parser`.
  simdjson::dom::element get_json(simdjson::dom::parser& parser, const std::string& target) {
    const auto reply = get(target);
    EXPECT_EQ(reply.status, 200) << target << ": " << reply.body;
    EXPECT_EQ(reply.header("Content-Type"), "application/json") << target;
    return parse_json(parser, reply.body);
  }

  // Every point of a series in [from, to], following the cursor.
  std::vector<point> history(const std::string& series, std::int64_t from, std::int64_t to) {
    std::vector<point> out;
    std::string cursor;
    simdjson::dom::parser parser;
    for (int page = 0; page < 1000; ++page) {
      auto target = fmt::format("/api/history?series={}&from={}&to={}&limit=100000", series, from, to);
      if (!cursor.empty()) target += "&cursor=" + cursor;
      const auto reply = get(target);
      if (reply.status != 200) return out;
      const auto doc = parse_json(parser, reply.body);
      const auto more = points_of(doc["points"].get_array());
      out.insert(out.end(), more.begin(), more.end());
      if (doc["next"].is_null()) break;
      cursor = std::string(doc["next"].get_string().value());
    }
    return out;
  }

  std::map<std::string, double> metrics() {
    const auto reply = get("/metrics");
    EXPECT_EQ(reply.status, 200);
    return parse_metrics(reply.body);
  }

  static void publish(const std::string& topic, const std::string& payload, bool retained = false) {
    publisher::instance().publish(topic, payload, retained);
  }

  // One message per chunk of `per_message` points on telemetry/{series}.
  static void publish_points(const std::string& series, const std::vector<point>& points, std::size_t per_message) {
    std::vector<std::pair<std::string, std::string>> messages;
    for (std::size_t i = 0; i < points.size(); i += per_message) {
      const std::vector<point> chunk(
          points.begin() + static_cast<std::ptrdiff_t>(i),
          points.begin() + static_cast<std::ptrdiff_t>(std::min(points.size(), i + per_message)));
      messages.emplace_back("telemetry/" + series,
                            per_message == 1 ? sample_json(chunk[0].first, chunk[0].second) : batch_json(chunk));
    }
    publisher::instance().publish_all(messages);
  }

  // Waits until the history of `series` over [from, to] holds `count` points.
  bool wait_for_points(const std::string& series, std::int64_t from, std::int64_t to, std::size_t count,
                       std::chrono::milliseconds timeout = 15s) {
    return eventually([&] { return history(series, from, to).size() >= count; }, timeout);
  }

  tt::temp_dir dir_;
  std::unique_ptr<tt::mosquitto_broker> broker_;
  std::unique_ptr<tt::child_process> backend_;
  std::string client_id_;
  int http_port_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Ingest

TEST_F(backend_test, IngestStoresGoodSamplesOnceInOrderAndCountsBadOnesByReason) {
  // Published before the backend exists: it must come to it as a retained message.
  publish("telemetry/ing/alpha/meta", R"({"name":"Alpha","unit":"kW","min":0,"max":100,"description":"test"})", true);
  start_backend({"--max-payload", "1024"});
  const auto b = recent_base();
  const std::string topic = "telemetry/ing/alpha";
  std::vector<std::pair<std::string, std::string>> messages{
      {topic, fmt::format(R"({{"ts":{},"value":1.5,"seq":1}})", b + 1000)},
      {topic, fmt::format(R"({{"ts":{},"value":3.5,"seq":3}})", b + 3000)},
      {topic, fmt::format(R"({{"ts":{},"value":2.5,"seq":2}})", b + 2000)},                            // out of order
      {topic, fmt::format(R"({{"ts":{},"value":1.5,"seq":1}})", b + 1000)},                            // duplicate
      {topic, batch_json({{b + 4000, 4.5}, {b + 5000, -5.25}})},                                       // batch
      {"telemetry/Bad/alpha", sample_json(b + 6000, 1)},                                               // bad_topic
      {"telemetry/ing/alpha/x/y", sample_json(b + 6000, 1)},                                           // bad_topic
      {topic, "{ts:"},                                                                                 // bad_json
      {topic, fmt::format(R"({{"ts":{},"value":NaN}})", b + 6000)},                                    // bad_json
      {topic, fmt::format(R"({{"ts":{},"value":"12"}})", b + 6000)},                                   // bad_value
      {topic, fmt::format(R"({{"ts":{},"value":null}})", b + 6000)},                                   // bad_value
      {topic, fmt::format(R"([{{"ts":{},"value":7}},{{"ts":{},"value":"x"}}])", b + 7000, b + 7001)},  // bad_value
      {topic, R"({"value":1})"},                                                                       // missing_field
      {topic, fmt::format(R"({{"ts":{}.5,"value":1}})", b + 6000)},                                    // bad_ts
      {topic, sample_json(now_ms() + 3'600'000, 1)},  // ts_out_of_window
      {topic, fmt::format(R"({{"ts":{},"value":1,"pad":"{}"}})", b + 6000, std::string(1100, 'x'))},  // too_large
      {topic, fmt::format("{{\"ts\":{},\"value\":1,\"note\":\"\xff\xfe\"}}", b + 6000)},              // bad_utf8
      {topic, "[]"},                                                                                  // bad_shape
      {topic, fmt::format(R"({{"ts":{},"value":1,"seq":-1}})", b + 6000)},                            // bad_seq
      {"telemetry/ing/sentinel", sample_json(b + 9000, 0)},
  };
  publisher::instance().publish_all(messages);
  // One subscriber thread handles messages in order: once the last is visible, all are done.
  ASSERT_TRUE(wait_for_points("ing/sentinel", b, b + 10'000, 1));

  const std::vector<point> expected{
      {b + 1000, 1.5}, {b + 2000, 2.5}, {b + 3000, 3.5}, {b + 4000, 4.5}, {b + 5000, -5.25}};
  EXPECT_EQ(history("ing/alpha", b - 10'000, b + 10'000), expected);

  const auto m = metrics();
  const std::map<std::string, double> rejected{
      {"bad_topic", 2},        {"bad_json", 2},  {"bad_value", 3}, {"missing_field", 1}, {"bad_ts", 1},
      {"ts_out_of_window", 1}, {"too_large", 1}, {"bad_utf8", 1},  {"bad_shape", 1},     {"bad_seq", 1}};
  for (const auto& [reason, count] : rejected) {
    const auto key = fmt::format("telemetry_ingest_rejected_total{{reason=\"{}\"}}", reason);
    ASSERT_TRUE(m.contains(key)) << key;
    EXPECT_EQ(m.at(key), count) << reason;
  }
  EXPECT_EQ(m.at("telemetry_ingest_duplicates_total"), 1);
  // Accepted: four single samples on alpha (one a duplicate), a batch of two, the sentinel.
  EXPECT_EQ(m.at("telemetry_ingest_messages_total"), 6);
  EXPECT_EQ(m.at("telemetry_ingest_samples_total"), 7);

  // A batch with one bad sample is dropped whole.
  EXPECT_TRUE(history("ing/alpha", b + 6500, b + 7500).empty());

  simdjson::dom::parser parser;
  const auto series = get_json(parser, "/api/series");
  std::set<std::string> ids;
  for (const auto s : series.get_array()) {
    const std::string id(s["id"].get_string().value());
    ids.insert(id);
    if (id == "ing/alpha") {
      EXPECT_EQ(s["source"].get_string().value(), "ing");
      EXPECT_EQ(s["signal"].get_string().value(), "alpha");
      EXPECT_EQ(s["name"].get_string().value(), "Alpha");
      EXPECT_EQ(s["unit"].get_string().value(), "kW");
      EXPECT_EQ(s["min"].get_double().value(), 0.0);
      EXPECT_EQ(s["max"].get_double().value(), 100.0);
      EXPECT_EQ(s["last"]["ts"].get_int64().value(), b + 5000);
      EXPECT_EQ(s["last"]["value"].get_double().value(), -5.25);
    } else if (id == "ing/sentinel") {
      EXPECT_EQ(s["name"].get_string().value(), "sentinel");  // no meta: the signal id
      EXPECT_TRUE(s["min"].is_null());
      EXPECT_EQ(s["last"]["ts"].get_int64().value(), b + 9000);
    }
  }
  EXPECT_EQ(ids, (std::set<std::string>{"ing/alpha", "ing/sentinel"}));
}

// ---------------------------------------------------------------------------------------------
// Durability

TEST_F(backend_test, SigtermWhileSamplesFlowLosesAndDuplicatesNothing) {
  start_backend();
  const auto b = recent_base();
  // Once a probe arrives the subscription stands, so the broker keeps the session's messages.
  publish("telemetry/dur/probe", sample_json(b, 0));
  ASSERT_TRUE(wait_for_points("dur/probe", b, b, 1));

  // Singles at QoS 1, in chunks, while the backend is stopped and started again.
  const auto points = make_points(b + 1, 2000, 7, 11);
  std::atomic<std::size_t> published{0};
  std::thread producer([&] {
    for (std::size_t i = 0; i < points.size(); i += 100) {
      const std::vector<point> slice(points.begin() + static_cast<std::ptrdiff_t>(i),
                                     points.begin() + static_cast<std::ptrdiff_t>(std::min(points.size(), i + 100)));
      publish_points("dur/flow", slice, 1);
      published = i + slice.size();
    }
  });
  ASSERT_TRUE(eventually([&] { return published.load() >= 300; }, 10s));
  EXPECT_EQ(stop_backend(SIGTERM), 0) << "SIGTERM must end the backend cleanly";
  const auto at_stop = published.load();
  start_backend();
  producer.join();
  EXPECT_LT(at_stop, points.size()) << "the restart should happen while samples still flow";

  ASSERT_TRUE(wait_for_points("dur/flow", b, b + 20'000, points.size()));
  std::this_thread::sleep_for(300ms);  // anything late and duplicated would show up now
  EXPECT_EQ(history("dur/flow", b, b + 20'000), points);
}

TEST_F(backend_test, SamplesPublishedWhileTheBackendIsDownArriveWhenItStarts) {
  start_backend();
  const auto b = recent_base();
  publish("telemetry/dur/probe", sample_json(b, 0));
  ASSERT_TRUE(wait_for_points("dur/probe", b, b, 1));
  EXPECT_EQ(stop_backend(SIGTERM), 0);

  const auto singles = make_points(b + 1, 100, 10, 21);
  const auto batched = make_points(b + 5000, 400, 10, 22);
  publish_points("dur/down", singles, 1);
  publish_points("dur/down", batched, 100);

  start_backend();
  auto expected = singles;
  expected.insert(expected.end(), batched.begin(), batched.end());
  ASSERT_TRUE(wait_for_points("dur/down", b, b + 20'000, expected.size()));
  EXPECT_EQ(history("dur/down", b, b + 20'000), expected);
}

// ---------------------------------------------------------------------------------------------
// The query endpoints, over a known data set

class api_test : public backend_test {
 protected:
  void SetUp() override {
    backend_test::SetUp();
    start_backend();
    base_ = recent_base();
    wave_ = make_points(base_, 1000, 1000, 7);
    step_ = make_points(base_ + 500, 10, 60'000, 8);
    publish("telemetry/api/wave/meta", R"({"name":"Wave","unit":"kW","min":-500,"max":500})", true);
    publish_points("api/wave", wave_, 100);
    publish_points("api/step", step_, 1);
    ASSERT_TRUE(wait_for_points("api/wave", from(), to(), wave_.size()));
    ASSERT_TRUE(wait_for_points("api/step", from(), to(), step_.size()));
  }

  [[nodiscard]] std::int64_t from() const { return base_ - 1000; }
  [[nodiscard]] std::int64_t to() const { return base_ + 1'000'000; }

  std::int64_t base_ = 0;
  std::vector<point> wave_;
  std::vector<point> step_;
};

TEST_F(api_test, HistoryPagesConcatenateToTheFullSet) {
  simdjson::dom::parser parser;
  std::vector<point> all;
  std::string cursor;
  int pages = 0;
  for (; pages < 100; ++pages) {
    auto target = fmt::format("/api/history?series=api/wave&from={}&to={}&limit=150", from(), to());
    if (!cursor.empty()) target += "&cursor=" + cursor;
    const auto doc = get_json(parser, target);
    EXPECT_EQ(doc["series"].get_string().value(), "api/wave");
    const auto page = points_of(doc["points"].get_array());
    EXPECT_LE(page.size(), 150U);
    all.insert(all.end(), page.begin(), page.end());
    if (doc["next"].is_null()) break;
    cursor = std::string(doc["next"].get_string().value());
    EXPECT_EQ(page.size(), 150U) << "only the last page may be short";
  }
  EXPECT_EQ(pages + 1, 7);  // ceil(1000 / 150)
  EXPECT_EQ(all, wave_);

  // Inclusive bounds, ISO 8601 accepted for both.
  const auto doc = get_json(parser, fmt::format("/api/history?series=api/wave&from={}&to={}", iso8601(wave_[10].first),
                                                iso8601(wave_[19].first)));
  EXPECT_EQ(points_of(doc["points"].get_array()), std::vector<point>(wave_.begin() + 10, wave_.begin() + 20));
  EXPECT_TRUE(doc["next"].is_null());
}

TEST_F(api_test, HistoryCsvHasAHeaderAndOneIsoRowPerPoint) {
  const auto reply = get(fmt::format("/api/history?series=api/step&from={}&to={}&format=csv", from(), to()));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_TRUE(reply.header("Content-Type").starts_with("text/csv")) << reply.header("Content-Type");
  std::string expected = "series,ts,time,value\n";
  for (const auto& [ts, value] : step_) expected += fmt::format("api/step,{},{},{}\n", ts, iso8601(ts), value);
  EXPECT_EQ(reply.body, expected);
}

TEST_F(api_test, ChartKeepsAtMostFourPointsPerColumnIncludingTheExtremes) {
  simdjson::dom::parser parser;
  const std::size_t width = 37;
  const auto doc =
      get_json(parser, fmt::format("/api/chart?series=api/wave&from={}&to={}&width={}", from(), to(), width));
  EXPECT_EQ(doc["from"].get_int64().value(), from());
  EXPECT_EQ(doc["to"].get_int64().value(), to());
  EXPECT_TRUE(doc["seq"].is_uint64() || doc["seq"].is_int64());
  const auto series = doc["series"].get_array();
  ASSERT_EQ(series.size(), 1U);
  EXPECT_EQ(series.at(0)["id"].get_string().value(), "api/wave");
  const auto kept = points_of(series.at(0)["points"].get_array());
  ASSERT_FALSE(kept.empty());
  EXPECT_LE(kept.size(), 4 * width);
  std::map<std::size_t, int> per_column;
  const auto span = static_cast<std::uint64_t>(to() - from()) + 1;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(kept[i - 1].first, kept[i].first) << "ascending";
    }
    EXPECT_NE(std::find(wave_.begin(), wave_.end(), kept[i]), wave_.end()) << "a real point";
    ++per_column[static_cast<std::size_t>(static_cast<std::uint64_t>(kept[i].first - from()) * width / span)];
  }
  for (const auto& [column, count] : per_column) EXPECT_LE(count, 4) << "column " << column;
  const auto [lowest, highest] = std::minmax_element(
      wave_.begin(), wave_.end(), [](const point& a, const point& b) { return a.second < b.second; });
  EXPECT_NE(std::find(kept.begin(), kept.end(), *lowest), kept.end()) << "global minimum kept";
  EXPECT_NE(std::find(kept.begin(), kept.end(), *highest), kept.end()) << "global maximum kept";
  EXPECT_EQ(kept.front(), wave_.front());
  EXPECT_EQ(kept.back(), wave_.back());

  // Without series: every series.
  const auto every = get_json(parser, fmt::format("/api/chart?from={}&to={}&width=10", from(), to()));
  std::set<std::string> ids;
  for (const auto s : every["series"].get_array()) ids.emplace(s["id"].get_string().value());
  EXPECT_EQ(ids, (std::set<std::string>{"api/step", "api/wave"}));
}

TEST_F(api_test, StatsMatchAReferenceComputation) {
  simdjson::dom::parser parser;
  const auto doc = get_json(parser, fmt::format("/api/stats?series=api/wave&from={}&to={}", from(), to()));
  const auto stats = doc["stats"].get_array();
  ASSERT_EQ(stats.size(), 1U);
  const auto s = stats.at(0);
  std::vector<double> values;
  for (const auto& p : wave_) values.push_back(p.second);
  const auto n = static_cast<double>(values.size());
  double mean = 0;
  for (const auto v : values) mean += v / n;
  double variance = 0;
  for (const auto v : values) variance += (v - mean) * (v - mean) / n;
  const auto near = [](double expected) { return std::max(1e-9, std::abs(expected) * 1e-12); };
  EXPECT_EQ(s["series"].get_string().value(), "api/wave");
  EXPECT_EQ(s["count"].get_uint64().value(), values.size());
  EXPECT_EQ(s["min"].get_double().value(), *std::min_element(values.begin(), values.end()));
  EXPECT_EQ(s["max"].get_double().value(), *std::max_element(values.begin(), values.end()));
  EXPECT_NEAR(s["mean"].get_double().value(), mean, near(mean));
  EXPECT_NEAR(s["stddev"].get_double().value(), std::sqrt(variance), near(std::sqrt(variance)));
  for (const auto& [key, q] : {std::pair{"p50", 50.0}, std::pair{"p95", 95.0}, std::pair{"p99", 99.0}}) {
    const auto expected = reference_percentile(values, q);
    EXPECT_NEAR(s[key].get_double().value(), expected, near(expected)) << key;
  }
  EXPECT_EQ(s["first_ts"].get_int64().value(), wave_.front().first);
  EXPECT_EQ(s["last_ts"].get_int64().value(), wave_.back().first);

  // An empty range has a count of 0 and nulls, not an error.
  const auto empty = get_json(parser, fmt::format("/api/stats?series=api/step&from={}&to={}", from() - 10'000, from()));
  const auto e = empty["stats"].get_array().at(0);
  EXPECT_EQ(e["count"].get_uint64().value(), 0U);
  EXPECT_TRUE(e["p95"].is_null());
  EXPECT_TRUE(e["first_ts"].is_null());
}

TEST_F(api_test, HealthReadinessAndMetrics) {
  simdjson::dom::parser parser;
  EXPECT_EQ(get_json(parser, "/healthz")["status"].get_string().value(), "ok");
  EXPECT_EQ(get_json(parser, "/readyz")["status"].get_string().value(), "ready");
  const auto reply = get("/metrics");
  ASSERT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.header("Content-Type").starts_with("text/plain")) << reply.header("Content-Type");
  const auto m = parse_metrics(reply.body);
  for (const auto* name :
       {"telemetry_ingest_messages_total", "telemetry_ingest_samples_total", "telemetry_store_write_seconds_count",
        "telemetry_store_queue_samples", "telemetry_sse_clients", "telemetry_broker_connected", "telemetry_series"}) {
    EXPECT_TRUE(m.contains(name)) << name;
  }
  EXPECT_EQ(m.at("telemetry_ingest_samples_total"), static_cast<double>(wave_.size() + step_.size()));
  EXPECT_EQ(m.at("telemetry_broker_connected"), 1);
  EXPECT_EQ(m.at("telemetry_series"), 2);
  EXPECT_TRUE(m.contains(R"(telemetry_ingest_rejected_total{reason="bad_json"})"));
}

TEST_F(api_test, BadParametersAre400WithTheErrorBody) {
  const auto f = from();
  const auto t = to();
  const std::vector<std::string> targets{
      "/api/history?series=nope/nothing",
      "/api/history",
      fmt::format("/api/history?series=api/wave&from={}&to={}", t, f),
      "/api/history?series=api/wave&from=2026-13-45T99:00:00Z",
      "/api/history?series=api/wave&to=yesterday",
      "/api/history?series=api/wave&limit=100001",
      "/api/history?series=api/wave&limit=0",
      "/api/history?series=api/wave&limit=-5",
      "/api/history?series=api/wave&format=xml",
      "/api/history?series=api/wave&cursor=abc",
      "/api/history?series=api/wave&color=red",
      "/api/history?series=api%2",
      "/api/history?series=api%zzwave",
      "/api/chart?series=api/wave&width=0",
      "/api/chart?series=api/wave&width=100000000000000000000",
      "/api/chart?series=api/wave&width=10001",
      "/api/chart?series=unknown/series",
      fmt::format("/api/chart?from={}&to={}", t, f),
      "/api/stats?series=api/wave&from=not-a-date",
      "/api/stats?series=ghost/x",
      "/api/stats?bogus=1",
      "/api/series?x=1",
      "/api/stream?series=Not_A_Series",
      "/api/stream?since=abc",
      "/api/stream?unknown=1",
      // Raw bytes that are not UTF-8, echoed in the message (found by fuzz/fuzz_http_request).
      "/api/history?series=api%DF%DFwave",
      "/api/chart?%FF%C3=1",
  };
  simdjson::dom::parser parser;
  for (const auto& target : targets) {
    const auto reply = get(target);
    EXPECT_EQ(reply.status, 400) << target << ": " << reply.body;
    EXPECT_EQ(reply.header("Content-Type"), "application/json") << target;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(reply.body).get(doc), simdjson::SUCCESS) << target << ": " << reply.body;
    std::string_view code;
    std::string_view message;
    EXPECT_EQ(doc["error"]["code"].get(code), simdjson::SUCCESS) << target;
    EXPECT_EQ(code, "bad_request") << target;
    EXPECT_EQ(doc["error"]["message"].get(message), simdjson::SUCCESS) << target;
    EXPECT_FALSE(message.empty()) << target;
  }
}

TEST_F(api_test, UnknownApiPathIs404Json) {
  for (const auto* target : {"/api/nope", "/api/series/extra", "/api/"}) {
    const auto reply = get(target);
    EXPECT_EQ(reply.status, 404) << target;
    simdjson::dom::parser parser;
    const auto doc = parse_json(parser, reply.body);
    EXPECT_EQ(doc["error"]["code"].get_string().value(), "not_found") << target;
  }
  // Without a dashboard folder, other paths are 404 JSON too.
  EXPECT_EQ(get("/").status, 404);
}

TEST_F(backend_test, ReadyzIs503WithAReasonWhileTheBrokerIsDown) {
  start_backend();
  broker_->stop();
  simdjson::dom::parser parser;
  tt::http_reply reply;
  ASSERT_TRUE(eventually([&] { return (reply = get("/readyz")).status == 503; }, 10s));
  EXPECT_EQ(reply.header("Content-Type"), "application/json");
  const auto doc = parse_json(parser, reply.body);
  EXPECT_EQ(doc["status"].get_string().value(), "not_ready");
  EXPECT_FALSE(doc["reason"].get_string().value().empty());
  EXPECT_EQ(get("/healthz").status, 200) << "alive while not ready";
  broker_->start();
  EXPECT_TRUE(eventually([&] { return get("/readyz").status == 200; }, 15s)) << "ready again after the broker returns";
}

// ---------------------------------------------------------------------------------------------
// The live stream

bool has_retry(const tt::sse_reader& r) {
  return !r.retries().empty();
}

std::vector<std::int64_t> sample_ts(const tt::sse_reader& reader, const std::string& series) {
  std::vector<std::int64_t> out;
  for (const auto& [id, ts] : stream_samples(reader)) {
    if (id == series) out.push_back(ts);
  }
  return out;
}

std::string last_samples_id(const tt::sse_reader& reader) {
  std::string id;
  for (const auto& event : reader.events()) {
    if (event.event == "samples") id = event.id;
  }
  return id;
}

TEST_F(backend_test, StreamHeadersRetrySeriesEventsAndSampleIds) {
  start_backend();
  tt::sse_reader stream(http_port_, "/api/stream");
  ASSERT_TRUE(stream.read_until(has_retry, 5s));
  EXPECT_EQ(stream.status(), 200);
  EXPECT_EQ(stream.header("Content-Type"), "text/event-stream");
  EXPECT_EQ(stream.header("Cache-Control"), "no-cache");
  EXPECT_EQ(stream.header("X-Accel-Buffering"), "no");
  EXPECT_TRUE(stream.body().starts_with("retry: 2000\n")) << stream.body().substr(0, 40);

  const auto b = recent_base();
  const auto points = make_points(b, 20, 100, 3);
  publish_points("sse/fresh", points, 1);
  ASSERT_TRUE(stream.read_until([](const auto& r) { return count_samples(r) >= 20; }, 5s));
  EXPECT_EQ(sample_ts(stream, "sse/fresh"), timestamps(points));

  simdjson::dom::parser parser;
  std::uint64_t previous = 0;
  bool series_seen = false;
  for (const auto& event : stream.events()) {
    if (event.event == "series") {
      const auto doc = parse_json(parser, event.data);
      EXPECT_EQ(doc["id"].get_string().value(), "sse/fresh");
      EXPECT_EQ(doc["source"].get_string().value(), "sse");
      EXPECT_EQ(doc["signal"].get_string().value(), "fresh");
      series_seen = true;
      continue;
    }
    ASSERT_EQ(event.event, "samples") << event.data;
    EXPECT_TRUE(series_seen) << "the series event comes before its first samples";
    const auto doc = parse_json(parser, event.data);
    const auto seq = doc["seq"].get_uint64().value();
    EXPECT_EQ(event.id, std::to_string(seq));
    EXPECT_GT(seq, previous) << "ids increase";
    previous = seq;
  }
  EXPECT_TRUE(series_seen);
}

TEST_F(backend_test, StreamSeriesFilterSendsOnlyTheChosenSeries) {
  start_backend();
  tt::sse_reader stream(http_port_, "/api/stream?series=sse/a");
  ASSERT_TRUE(stream.read_until(has_retry, 5s));
  const auto b = recent_base();
  std::vector<std::pair<std::string, std::string>> messages;
  for (int i = 0; i < 10; ++i) {
    messages.emplace_back("telemetry/sse/a", sample_json(b + i, i));
    messages.emplace_back("telemetry/sse/b", sample_json(b + i, -i));
  }
  messages.emplace_back("telemetry/sse/a", sample_json(b + 100, 100));
  publisher::instance().publish_all(messages);
  ASSERT_TRUE(stream.read_until([](const auto& r) { return count_samples(r) >= 11; }, 5s));
  stream.read_for(300ms);
  EXPECT_EQ(sample_ts(stream, "sse/a").size(), 11U);
  EXPECT_TRUE(sample_ts(stream, "sse/b").empty());
  for (const auto& event : stream.events()) {
    if (event.event == "series") {
      EXPECT_NE(event.data.find("\"sse/a\""), std::string::npos) << event.data;
    }
  }
}

TEST_F(backend_test, StreamResumesWithLastEventIdWithoutGapOrDuplicate) {
  start_backend();
  const auto b = recent_base();
  const auto before = make_points(b, 15, 100, 4);
  const auto during = make_points(b + 10'000, 15, 100, 5);
  std::string last_id;
  {
    tt::sse_reader stream(http_port_, "/api/stream?series=sse/r");
    ASSERT_TRUE(stream.read_until(has_retry, 5s));
    publish_points("sse/r", before, 1);
    ASSERT_TRUE(stream.read_until([](const auto& r) { return count_samples(r) >= 15; }, 5s));
    EXPECT_EQ(sample_ts(stream, "sse/r"), timestamps(before));
    last_id = last_samples_id(stream);
    ASSERT_FALSE(last_id.empty());
  }  // disconnected
  publish_points("sse/r", during, 1);
  ASSERT_TRUE(wait_for_points("sse/r", b, b + 20'000, before.size() + during.size()));

  tt::sse_reader resumed(http_port_, "/api/stream?series=sse/r", {{"Last-Event-ID", last_id}});
  ASSERT_TRUE(resumed.read_until([](const auto& r) { return count_samples(r) >= 15; }, 5s));
  resumed.read_for(300ms);
  EXPECT_EQ(sample_ts(resumed, "sse/r"), timestamps(during));
  for (const auto& event : resumed.events()) EXPECT_NE(event.event, "reset");
}

TEST_F(backend_test, StreamSinceTheChartSeqHandsOverWithoutGap) {
  start_backend();
  const auto b = recent_base();
  const auto loaded = make_points(b, 12, 100, 6);
  const auto live = make_points(b + 10'000, 12, 100, 7);
  publish_points("sse/h", loaded, 1);
  ASSERT_TRUE(wait_for_points("sse/h", b, b + 20'000, loaded.size()));
  std::this_thread::sleep_for(100ms);

  simdjson::dom::parser parser;
  const auto chart = get_json(parser, fmt::format("/api/chart?series=sse/h&from={}&to={}", b - 1000, b + 20'000));
  const auto seq = chart["seq"].get_uint64().value();
  EXPECT_EQ(points_of(chart["series"].get_array().at(0)["points"].get_array()), loaded);

  publish_points("sse/h", live, 1);
  tt::sse_reader stream(http_port_, fmt::format("/api/stream?series=sse/h&since={}", seq));
  ASSERT_TRUE(stream.read_until([](const auto& r) { return count_samples(r) >= 12; }, 5s));
  stream.read_for(300ms);
  EXPECT_EQ(sample_ts(stream, "sse/h"), timestamps(live));
}

TEST_F(backend_test, StreamResetWhenTheResumePointIsOlderThanTheBuffer) {
  start_backend({"--replay-batches", "4"});
  const auto b = recent_base();
  publish("telemetry/sse/old", sample_json(b, 1));
  ASSERT_TRUE(wait_for_points("sse/old", b, b, 1));
  std::this_thread::sleep_for(100ms);
  simdjson::dom::parser parser;
  const auto seq = get_json(parser, "/api/chart?series=sse/old")["seq"].get_uint64().value();
  publish_points("sse/old", make_points(b + 1, 10, 1, 9), 1);  // ten batches: the buffer keeps four
  ASSERT_TRUE(wait_for_points("sse/old", b, b + 100, 11));

  for (const auto& id : {std::to_string(seq), std::string("1")}) {
    tt::sse_reader stream(http_port_, "/api/stream", {{"Last-Event-ID", id}});
    ASSERT_TRUE(stream.read_until([](const auto& r) { return !r.events().empty(); }, 5s)) << id;
    EXPECT_EQ(stream.events().front().event, "reset") << id;
    EXPECT_EQ(count_samples(stream), 0U) << id;
  }
}

TEST_F(backend_test, StreamSendsHeartbeats) {
  start_backend({"--sse-heartbeat", "500ms"});
  tt::sse_reader stream(http_port_, "/api/stream");
  stream.read_for(1800ms);
  EXPECT_EQ(stream.status(), 200);
  EXPECT_FALSE(stream.closed());
  const auto beats = std::count_if(stream.comments().begin(), stream.comments().end(),
                                   [](const std::string& c) { return c == " hb" || c == "hb"; });
  EXPECT_GE(beats, 2) << stream.body();
}

TEST_F(backend_test, StalledClientDoesNotHoldBackAHealthyOne) {
  start_backend();
  // Never read: with a tiny receive buffer its socket fills after a few kilobytes.
  tt::sse_reader stalled(http_port_, "/api/stream", {}, 1024);
  tt::sse_reader healthy(http_port_, "/api/stream");
  ASSERT_TRUE(healthy.read_until(has_retry, 5s));
  ASSERT_TRUE(eventually([&] { return metrics()["telemetry_sse_clients"] == 2; }, 5s));

  const auto b = recent_base();
  const auto points = make_points(b, 8000, 1, 10);
  const auto start = std::chrono::steady_clock::now();
  std::thread producer([&] { publish_points("sse/load", points, 10); });
  const bool all = healthy.read_until([&](const auto& r) { return count_samples(r) >= points.size(); }, 20s);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  producer.join();
  ASSERT_TRUE(all) << "healthy client got " << count_samples(healthy) << " of " << points.size();
  EXPECT_EQ(sample_ts(healthy, "sse/load"), timestamps(points));
  EXPECT_LT(elapsed, 8s) << "a stalled client must not hold back the others";
  EXPECT_FALSE(stalled.closed());
}

TEST_F(backend_test, StreamConnectionCapAnswersRetryAndCloses) {
  start_backend({"--max-clients", "2"});
  tt::sse_reader first(http_port_, "/api/stream");
  tt::sse_reader second(http_port_, "/api/stream");
  ASSERT_TRUE(first.read_until(has_retry, 5s));
  ASSERT_TRUE(second.read_until(has_retry, 5s));
  tt::sse_reader third(http_port_, "/api/stream");
  ASSERT_TRUE(third.read_until([](const auto& r) { return r.closed(); }, 5s)) << "over the cap: closed";
  EXPECT_EQ(third.status(), 200);
  EXPECT_FALSE(third.retries().empty());
  EXPECT_TRUE(third.events().empty());
  first.read_for(200ms);
  EXPECT_FALSE(first.closed());
  EXPECT_FALSE(second.closed());
  EXPECT_EQ(metrics()["telemetry_sse_refused_total"], 1);
}

// ---------------------------------------------------------------------------------------------
// HTTP limits

TEST_F(backend_test, HttpLimitsRefuseOversizedAndMalformedRequestsAndCloseSlowOnes) {
  start_backend({"--http-read-timeout", "1s"});

  const auto headers = tt::raw_exchange(
      http_port_, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(16 * 1024, 'a') + "\r\n\r\n");
  EXPECT_EQ(tt::raw_status(headers.bytes), 431) << headers.bytes.substr(0, 200);

  const auto body = tt::raw_exchange(
      http_port_, "POST /api/series HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + std::string(1000, 'b'));
  EXPECT_EQ(tt::raw_status(body.bytes), 413) << body.bytes.substr(0, 200);

  const auto smuggled = tt::raw_exchange(http_port_,
                                         "POST /api/series HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                         "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\n"
                                         "Host: x\r\n\r\n");
  const auto smuggled_status = tt::raw_status(smuggled.bytes);
  EXPECT_TRUE(smuggled_status == 400 || (smuggled.bytes.empty() && smuggled.closed))
      << "got " << smuggled_status << ": " << smuggled.bytes.substr(0, 300);
  EXPECT_TRUE(smuggled.closed);
  EXPECT_EQ(smuggled.bytes.find("HTTP/1.1 200"), std::string::npos) << "no smuggled second request";

  const auto garbage = tt::raw_exchange(http_port_, "\x16\x03\x01 not http at all\r\n\r\n");
  EXPECT_LT(tt::raw_status(garbage.bytes), 500);

  // Never completes its request: closed by the read timeout, with nothing said.
  const auto slow = tt::raw_exchange(http_port_, "GET /healthz HTTP/1.1\r\nHo", 10s);
  EXPECT_TRUE(slow.closed);
  EXPECT_GE(slow.elapsed, 800ms);
  EXPECT_LT(slow.elapsed, 5s);
  EXPECT_EQ(tt::raw_status(slow.bytes), 0) << slow.bytes;

  const auto health = get("/healthz");
  EXPECT_EQ(health.status, 200) << "the backend still answers";
}

// ---------------------------------------------------------------------------------------------
// The dashboard's files

class static_test : public backend_test {
 protected:
  void SetUp() override {
    backend_test::SetUp();
    site_ = dir_.path() + "/site";
    std::filesystem::create_directories(site_ + "/assets");
    std::ofstream(site_ + "/index.html") << index_;
    std::ofstream(site_ + "/assets/app.js") << script_;
    std::ofstream(dir_.path() + "/secret.txt") << "TOPSECRET";
    start_backend({"--static", site_});
  }

  std::string site_;
  const std::string index_ = "<!doctype html><title>dashboard</title><div id=root></div>";
  const std::string script_ = "console.log('dashboard');";
};

TEST_F(static_test, IndexAndSpaRoutesServeTheAppWithSecurityHeaders) {
  for (const auto* target : {"/", "/index.html", "/history", "/live/electrolyzer-1"}) {
    const auto reply = get(target);
    EXPECT_EQ(reply.status, 200) << target;
    EXPECT_EQ(reply.body, index_) << target;
    EXPECT_TRUE(reply.header("Content-Type").starts_with("text/html")) << target;
    EXPECT_FALSE(reply.header("Content-Security-Policy").empty()) << target;
    EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff") << target;
  }
}

TEST_F(static_test, AssetsHaveTheirTypeAndMissingOnesAre404) {
  const auto script = get("/assets/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, script_);
  const auto type = script.header("Content-Type");
  EXPECT_TRUE(type.starts_with("text/javascript") || type.starts_with("application/javascript")) << type;
  EXPECT_EQ(get("/assets/missing.js").status, 404);
  // The API still wins over the files.
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(static_test, PathTraversalNeverLeavesTheFolder) {
  for (const std::string target :
       {"/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc/passwd", "/%00", "/a%00b",
        "/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt", "//../secret.txt"}) {
    const auto reply =
        tt::raw_exchange(http_port_, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const auto status = tt::raw_status(reply.bytes);
    EXPECT_TRUE(status == 404 || status == 400) << target << " -> " << status;
    EXPECT_EQ(reply.bytes.find("root:"), std::string::npos) << target;
    EXPECT_EQ(reply.bytes.find("TOPSECRET"), std::string::npos) << target;
  }
  EXPECT_EQ(get("/healthz").status, 200);
}

// Found by fuzz/fuzz_http_request: API answers to HEAD carried their body, which a client on a
// keep-alive connection reads as the start of the next answer.
TEST_F(static_test, HeadAnswersAreTheHeaderAloneAndTheNextAnswerFollowsDirectly) {
  for (const std::string target : {"/api/series", "/healthz", "/api/nope", "/", "/assets/app.js"}) {
    const auto reply =
        tt::raw_exchange(http_port_, "HEAD " + target +
                                         " HTTP/1.1\r\nHost: x\r\n\r\n"
                                         "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const auto end = reply.bytes.find("\r\n\r\n");
    ASSERT_NE(end, std::string::npos) << target << ": " << reply.bytes;
    EXPECT_NE(reply.bytes.substr(0, end).find("Content-Length: "), std::string::npos) << target;
    EXPECT_TRUE(reply.bytes.substr(end + 4).starts_with("HTTP/1.1 200")) << target << ": " << reply.bytes;
  }
  const auto index = tt::raw_exchange(http_port_, "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(index.bytes.find(fmt::format("Content-Length: {}\r\n", index_.size())), std::string::npos) << index.bytes;
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document against the real answers

TEST_F(api_test, ResponsesConformToTheOpenApiDocument) {
  const auto log = dir_.path() + "/openapi.log";
  const auto command = [&](const std::string& doc) {
    return fmt::format("/usr/bin/python3 '{}' --doc '{}' --base-url http://127.0.0.1:{} --series api/wave > '{}' 2>&1",
                       TELEMETRY_OPENAPI_CHECK, doc, http_port_, log);
  };
  const auto read_log = [&] {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  EXPECT_EQ(run_command(command(TELEMETRY_OPENAPI_DOC)), 0) << read_log();

  // The check must catch a disagreement: a copy of the document that requires a field the
  // history answer does not have.
  std::ifstream in(TELEMETRY_OPENAPI_DOC);
  std::stringstream text;
  text << in.rdbuf();
  auto altered = text.str();
  const std::string marker = "required: [series, points, next]";
  const auto at = altered.find(marker);
  ASSERT_NE(at, std::string::npos) << "the document names the history answer's required fields";
  altered.replace(at, marker.size(), "required: [series, points, next, total]");
  const auto altered_path = dir_.path() + "/openapi-altered.yaml";
  std::ofstream(altered_path) << altered;
  EXPECT_NE(run_command(command(altered_path)), 0) << read_log();
  EXPECT_NE(read_log().find("'total' is a required property"), std::string::npos) << read_log();
}

// ---------------------------------------------------------------------------------------------

}  // namespace
