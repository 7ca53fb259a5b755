#include "producer_app.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "electrolyzer_source.hpp"
#include "generic_signal.hpp"
#include "mqtt_publisher.hpp"
#include "producer.hpp"
#include "signal_config.hpp"
#include "telemetry/common/series_id.hpp"
#include "telemetry/common/series_meta.hpp"
#include "termination_signals.hpp"

namespace telemetry::producer {
namespace {

// FNV-1a of the signal id: the noise stream of a generic signal does not depend on its position
// in the config file, and cannot collide with the electrolyzer streams 0..4 in practice.
std::uint64_t stream_of(std::string_view id) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : id) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return hash | (1ULL << 63U);
}

void check_options(const producer_options& o) {
  if (!is_valid_segment(o.source)) {
    throw config_error(fmt::format("bad --source '{}' (expected [a-z0-9][a-z0-9_-]{{0,63}})", o.source));
  }
  if (!tick_grid::from_hz(o.rate_hz))
    throw config_error(fmt::format("--rate must be in (0, 1000] Hz, got {}", o.rate_hz));
  if (o.qos < 0 || o.qos > 2) throw config_error(fmt::format("--qos must be 0, 1 or 2, got {}", o.qos));
  if (o.batch < 1 || o.batch > max_batch) {
    throw config_error(fmt::format("--batch must be between 1 and {}, got {}", max_batch, o.batch));
  }
  if (o.max_buffered < 1) throw config_error("--max-buffered must be positive");
}

}  // namespace

std::vector<std::unique_ptr<signal_source>> build_signals(const producer_options& options) {
  check_options(options);
  const tick_grid grid = *tick_grid::from_hz(options.rate_hz);
  signal_config config;
  if (!options.config_path.empty()) config = load_signal_config(options.config_path);

  std::vector<std::unique_ptr<signal_source>> signals;
  if (config.electrolyzer) signals = make_electrolyzer_sources(options.seed, grid);
  for (auto& spec : config.signals) {
    const auto own_grid = spec.rate_hz ? *tick_grid::from_hz(*spec.rate_hz) : grid;
    const auto stream = stream_of(spec.id);
    signals.push_back(std::make_unique<generic_source>(std::move(spec), own_grid, options.seed, stream));
  }
  return signals;
}

int run_producer(const producer_options& options) {
  termination_signals termination;  // before any thread exists, so all of them inherit the mask
  auto signals = build_signals(options);

  std::vector<retained_message> metadata;
  metadata.reserve(signals.size());
  for (const auto& s : signals) {
    metadata.push_back({meta_topic(series_id{options.source, s->id()}), encode_meta(s->meta())});
  }
  mqtt_settings mqtt{
      options.broker,       options.client_id.empty() ? "telemetry-producer-" + options.source : options.client_id,
      options.source,       options.qos,
      options.max_buffered, options.connect_timeout};
  mqtt_publisher publisher(mqtt, std::move(metadata));
  publisher.connect();

  producer running(options.source, std::move(signals), publisher);
  runner_settings settings;
  settings.clock = clock_anchor::now();
  settings.start_ts = settings.clock.wall_ms;
  if (options.duration.count() > 0) settings.end_ts = settings.start_ts + options.duration.count();
  settings.backfill = options.backfill;
  settings.batch = options.batch;
  settings.backfill_batch = std::max<std::size_t>(500, options.batch);
  running.start(settings);
  spdlog::info("publishing {} signals of {} to {} (QoS {}, batch {}, backfill {} ms)", running.signals().size(),
               options.source, options.broker, options.qos, options.batch, options.backfill.count());

  for (;;) {
    if (const auto signal = termination.wait_for(std::chrono::milliseconds(100))) {
      spdlog::info("received signal {}, stopping", *signal);
      break;
    }
    if (running.finished()) break;
  }
  running.stop();
  const auto unconfirmed = publisher.shutdown(options.flush_timeout);
  const auto stats = publisher.stats();
  spdlog::info("published {} samples in {} messages; {} refused, {} redelivered, {} unconfirmed at exit", stats.samples,
               stats.messages, stats.failed, stats.redelivered, unconfirmed);
  return 0;
}

}  // namespace telemetry::producer
