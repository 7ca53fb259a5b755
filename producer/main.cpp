// telemetry-producer: flags in, objects wired, everything else in the library.
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>

#include "producer_app.hpp"
#include "telemetry/common/duration.hpp"

namespace {

using telemetry::parse_duration;

const CLI::Validator duration_check(
    [](const std::string& text) {
      return parse_duration(text) ? std::string{}
                                  : fmt::format("'{}' is not a duration (e.g. 500ms, 90s, 15m, 1h)", text);
    },
    "DURATION", "duration");

int fail(const std::string& message) {
  fmt::print(stderr, "telemetry-producer: error: {}\n", message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  telemetry::producer::producer_options o;
  std::string duration = "0";
  std::string backfill = "0";
  std::string connect_timeout = "5s";
  std::string log_level = "info";

  CLI::App app{"Publishes electrolyzer telemetry (and configured generic signals) to an MQTT broker.",
               "telemetry-producer"};
  app.add_option("--broker", o.broker, "MQTT broker URI")->envname("TELEMETRY_BROKER")->capture_default_str();
  app.add_option("--source", o.source, "Source name, the {source} of telemetry/{source}/{signal}")
      ->envname("TELEMETRY_SOURCE")
      ->capture_default_str();
  app.add_option("--rate", o.rate_hz, "Samples per second per signal, up to 1000")
      ->envname("TELEMETRY_RATE")
      ->capture_default_str();
  app.add_option("--qos", o.qos, "MQTT QoS of samples: 0, 1 or 2")->envname("TELEMETRY_QOS")->capture_default_str();
  app.add_option("--config", o.config_path, "JSON file with generic signals")
      ->envname("TELEMETRY_CONFIG")
      ->check(CLI::ExistingFile);
  app.add_option("--duration", duration, "Run this long, then exit 0 (0: until SIGINT/SIGTERM)")
      ->envname("TELEMETRY_DURATION")
      ->check(duration_check)
      ->capture_default_str();
  app.add_option("--backfill", backfill, "First publish the past DURATION of samples with their own timestamps")
      ->envname("TELEMETRY_BACKFILL")
      ->check(duration_check)
      ->capture_default_str();
  app.add_option("--batch", o.batch, "Samples per message (arrays when > 1)")
      ->envname("TELEMETRY_BATCH")
      ->capture_default_str();
  app.add_option("--seed", o.seed, "Seed of the signal noise")->envname("TELEMETRY_SEED")->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->envname("TELEMETRY_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  app.add_option("--client-id", o.client_id, "MQTT client id (default telemetry-producer-{source})")
      ->envname("TELEMETRY_CLIENT_ID");
  app.add_option("--max-buffered", o.max_buffered, "Messages kept in memory while the broker is unreachable")
      ->envname("TELEMETRY_MAX_BUFFERED")
      ->capture_default_str();
  app.add_option("--connect-timeout", connect_timeout, "Give up when the broker cannot be reached at start")
      ->envname("TELEMETRY_CONNECT_TIMEOUT")
      ->check(duration_check)
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(e.what());
  }
  o.duration = *parse_duration(duration);
  o.backfill = *parse_duration(backfill);
  o.connect_timeout = *parse_duration(connect_timeout);

  spdlog::set_default_logger(spdlog::stderr_color_mt("producer"));
  spdlog::set_level(spdlog::level::from_str(log_level));
  try {
    return telemetry::producer::run_producer(o);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}
