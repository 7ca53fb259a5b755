#include "signal_config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace telemetry::producer {
namespace {

// The message of the config_error thrown by parsing `json`, or "" when it parses.
std::string error_of(const std::string& json) {
  try {
    (void)parse_signal_config(json);
  } catch (const config_error& e) {
    return e.what();
  }
  return "";
}

std::string with_signal(const std::string& fields) {
  return R"({"signals": [{"id": "s1", "min": 0, "max": 10, )" + fields + "}]}";
}

TEST(SignalConfig, ParsesEveryKindWithDefaults) {
  const auto config = parse_signal_config(R"({
    "electrolyzer": false,
    "signals": [
      {"id": "a", "kind": "sine", "name": "A", "unit": "V", "min": -5, "max": 5, "rate": 20,
       "amplitude": 3, "period": "30s", "phase": 90, "description": "d"},
      {"id": "b", "kind": "square", "min": 0, "max": 1, "period": 5},
      {"id": "c", "kind": "random_walk", "min": 0, "max": 10, "step": 0.5},
      {"id": "d", "kind": "uniform", "min": 2, "max": 4},
      {"id": "e", "kind": "gaussian", "min": 0, "max": 100, "stddev": 1.5}
    ]})");
  EXPECT_FALSE(config.electrolyzer);
  ASSERT_EQ(config.signals.size(), 5U);
  const auto& a = config.signals[0];
  EXPECT_EQ(a.kind, generic_kind::sine);
  EXPECT_EQ(a.meta.name, "A");
  EXPECT_EQ(a.meta.unit, "V");
  EXPECT_EQ(a.meta.description, "d");
  EXPECT_EQ(a.rate_hz, 20.0);
  EXPECT_EQ(a.amplitude, 3);
  EXPECT_EQ(a.offset, 0);  // middle of [min, max]
  EXPECT_EQ(a.phase_deg, 90);
  EXPECT_EQ(a.period, std::chrono::seconds(30));
  const auto& b = config.signals[1];
  EXPECT_EQ(b.meta.name, "b");  // the id when no name is given
  EXPECT_FALSE(b.rate_hz.has_value());
  EXPECT_EQ(b.period, std::chrono::seconds(5));  // plain seconds
  EXPECT_EQ(b.low, 0);
  EXPECT_EQ(b.high, 1);
  EXPECT_EQ(b.duty, 0.5);
  EXPECT_EQ(config.signals[2].start, 5);
  EXPECT_EQ(config.signals[3].low, 2);
  EXPECT_EQ(config.signals[3].high, 4);
  EXPECT_EQ(config.signals[4].mean, 50);
  EXPECT_EQ(config.signals[4].stddev, 1.5);
}

TEST(SignalConfig, ElectrolyzerIsOnByDefault) {
  EXPECT_TRUE(parse_signal_config(R"({"signals": []})").electrolyzer);
}

TEST(SignalConfig, ExampleFileLoads) {
  const auto config = load_signal_config(TELEMETRY_PRODUCER_EXAMPLES "/signals.json");
  EXPECT_TRUE(config.electrolyzer);
  EXPECT_EQ(config.signals.size(), 5U);
}

TEST(SignalConfig, RejectsBadJsonAndShape) {
  EXPECT_NE(error_of("{").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("[]").find("top level must be a JSON object"), std::string::npos);
  EXPECT_NE(error_of("{}").find("missing field 'signals'"), std::string::npos);
  EXPECT_NE(error_of(R"({"signals": {}})").find("'signals' must be an array"), std::string::npos);
  EXPECT_NE(error_of(R"({"signals": [1]})").find("signal 1: must be a JSON object"), std::string::npos);
  EXPECT_NE(error_of(R"({"signals": [], "extra": 1})").find("unknown top-level field 'extra'"), std::string::npos);
  EXPECT_NE(error_of(R"({"electrolyzer": "yes", "signals": []})").find("'electrolyzer' must be true or false"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"electrolyzer": false, "signals": []})").find("no signals"), std::string::npos);
}

TEST(SignalConfig, RejectsUnknownKind) {
  EXPECT_EQ(error_of(with_signal(R"("kind": "triangle")")),
            "signal 's1': unknown kind 'triangle' (expected sine, square, random_walk, uniform or gaussian)");
}

TEST(SignalConfig, RejectsBadIds) {
  EXPECT_NE(
      error_of(R"({"signals": [{"id": "Bad Id", "kind": "uniform", "min": 0, "max": 1}]})").find("bad id 'Bad Id'"),
      std::string::npos);
  EXPECT_NE(
      error_of(R"({"signals": [{"id": "power_input", "kind": "uniform", "min": 0, "max": 1}]})").find("duplicate id"),
      std::string::npos);
  // telemetry/{source}/status is the status topic, so no signal can be called that.
  EXPECT_NE(error_of(R"({"signals": [{"id": "status", "kind": "uniform", "min": 0, "max": 1}]})").find("bad id"),
            std::string::npos);
  EXPECT_EQ(
      error_of(R"({"electrolyzer": false, "signals": [{"id": "power_input", "kind": "uniform", "min": 0, "max": 1}]})"),
      "");
  EXPECT_NE(error_of(R"({"signals": [{"id": "x", "kind": "uniform", "min": 0, "max": 1},
                                     {"id": "x", "kind": "uniform", "min": 0, "max": 1}]})")
                .find("signal 'x': duplicate id"),
            std::string::npos);
}

TEST(SignalConfig, RejectsBadRates) {
  EXPECT_NE(error_of(with_signal(R"("kind": "uniform", "rate": 0)")).find("'rate' must be in (0, 1000] Hz"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "uniform", "rate": -1)")).find("'rate'"), std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "uniform", "rate": 5000)")).find("'rate'"), std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "uniform", "rate": "fast")")).find("'rate' must be a finite number"),
            std::string::npos);
}

TEST(SignalConfig, RejectsMissingFields) {
  EXPECT_NE(error_of(R"({"signals": [{"kind": "uniform", "min": 0, "max": 1}]})").find("signal 1: missing field 'id'"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"signals": [{"id": "a", "min": 0, "max": 1}]})").find("missing field 'kind'"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"signals": [{"id": "a", "kind": "uniform", "max": 1}]})").find("missing field 'min'"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "sine", "period": "1s")")).find("missing field 'amplitude'"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "sine", "amplitude": 1)")).find("missing field 'period'"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "random_walk")")).find("missing field 'step'"), std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "gaussian")")).find("missing field 'stddev'"), std::string::npos);
}

TEST(SignalConfig, RejectsUnknownAndMisplacedFields) {
  EXPECT_EQ(error_of(with_signal(R"("kind": "sine", "amplitde": 1, "amplitude": 1, "period": 1)")),
            "signal 's1': unknown field 'amplitde' for kind sine");
  EXPECT_NE(error_of(with_signal(R"("kind": "uniform", "step": 1)")).find("unknown field 'step' for kind uniform"),
            std::string::npos);
}

TEST(SignalConfig, RejectsValuesOutOfRange) {
  EXPECT_NE(error_of(R"({"signals": [{"id": "a", "kind": "uniform", "min": 1, "max": 1}]})").find("'min' must be less"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "sine", "amplitude": 8, "period": 1)")).find("outside [min, max]"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "sine", "amplitude": 1, "period": "0s")")).find("positive duration"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "sine", "amplitude": 1, "period": "soon")")).find("positive duration"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "square", "period": 1, "duty": 1)")).find("'duty'"), std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "square", "period": 1, "low": 5, "high": 4)")).find("'low' must not"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "random_walk", "step": 0)")).find("'step' must be positive"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "gaussian", "stddev": -1)")).find("'stddev' must be positive"),
            std::string::npos);
  EXPECT_NE(error_of(with_signal(R"("kind": "gaussian", "stddev": 1, "mean": 11)")).find("'mean' 11 is outside"),
            std::string::npos);
}

TEST(SignalConfig, ErrorsAreOneLineAndNameTheFile) {
  const std::string path = ::testing::TempDir() + "bad_signals.json";
  std::ofstream(path) << with_signal(R"("kind": "triangle")");
  try {
    (void)load_signal_config(path);
    FAIL() << "expected a config_error";
  } catch (const config_error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_EQ(message.rfind("config " + path + ": signal 's1': unknown kind", 0), 0U) << message;
  }
  EXPECT_THROW((void)load_signal_config(path + ".missing"), config_error);
}

}  // namespace
}  // namespace telemetry::producer
