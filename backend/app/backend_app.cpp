#include "app/backend_app.hpp"

#include <spdlog/spdlog.h>

#include "store/store_url.hpp"

namespace telemetry::app {
namespace {

std::uint64_t first_sequence_number() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

}  // namespace

backend_app::backend_app(backend_config config)
    : config_(std::move(config)),
      store_(store::open_store(config_.store, config_.retention)),
      journal_(config_.journal),
      window_(config_.window),
      replay_(config_.replay_batches, config_.replay_age, first_sequence_number()),
      hub_(config_.max_clients, config_.coalesce) {
  store::store_writer_options writer_options;
  writer_options.batch_samples = config_.flush_samples;
  writer_options.flush_interval = config_.flush_interval;
  writer_options.max_queued_samples = config_.queue_samples;
  writer_options.retention = config_.retention;
  writer_ = std::make_unique<store::store_writer>(*store_, writer_options,
                                                  [this](std::uint64_t position) { journal_.committed(position); });
  ingest::ingest_options ingest_options;
  ingest_options.max_age = config_.retention;
  ingest_options.max_future = config_.max_future;
  ingest_options.max_payload_bytes = config_.max_payload_bytes;
  pipeline_ = std::make_unique<ingest::ingest_pipeline>(ingest_options, registry_, window_, replay_, &journal_,
                                                        *writer_, rejects_);
  pipeline_->set_listener(
      {[this](const live::live_batch_ptr&) { hub_.notify(); }, [this](const ingest::series_info&) { hub_.notify(); }});
  subscriber_ = std::make_unique<ingest::mqtt_subscriber>(
      ingest::mqtt_options{config_.broker, config_.client_id, "telemetry/#", 1},
      [this](std::string_view topic, std::string_view payload) { pipeline_->handle(topic, payload); });

  http::stream_options stream;
  http::api_limits limits;
  limits.history_cache_bytes = config_.history_cache_mb * 1024 * 1024;
  stream.heartbeat = config_.heartbeat;
  context_ = std::make_unique<http::api_context>(
      http::api_context{registry_, window_, replay_, *store_, writer_->stats(), pipeline_->stats(), rejects_, hub_,
                        [this] { return subscriber_->connected(); }, limits, stream, config_.cors_origin});
  http::http_server_options server_options;
  server_options.host = config_.http_host;
  server_options.port = config_.http_port;
  server_options.static_dir = config_.static_dir;
  server_options.threads = config_.http_threads;
  server_options.limits.read_timeout = config_.http_read_timeout;
  server_ = std::make_unique<http::http_server>(server_options, *context_);
}

backend_app::~backend_app() {
  stop();
}

void backend_app::reload_recent() {
  std::vector<store::series_record> records;
  if (const auto listed = store_->list_series(records); !listed.ok()) {
    spdlog::warn("start: cannot list series from the store: {}", listed.error);
    return;
  }
  const auto now = wall_clock_ms();
  std::size_t loaded = 0;
  std::vector<store::point> points;
  std::vector<store::point> fresh;
  for (const auto& record : records) {
    const auto id = parse_series_id(record.series);
    if (!id) continue;
    registry_.update_meta(*id, record.meta);
    points.clear();
    const auto scanned = store_->scan({record.series, window_.start(now), now + config_.max_future.count(), 0},
                                      [&](const store::point& p) {
                                        points.push_back(p);
                                        return true;
                                      });
    if (!scanned.ok()) {
      spdlog::warn("start: cannot reload {}: {}", record.series, scanned.error);
      continue;
    }
    fresh.clear();
    window_.insert(record.series, points, now, fresh);
    if (!points.empty()) registry_.observe(*id, points.back());
    loaded += points.size();
  }
  spdlog::info("start: {} series, {} recent samples reloaded from the {} store", records.size(), loaded,
               store_->kind());
}

void backend_app::start() {
  reload_recent();
  const auto replayed =
      journal_.replay([this](std::string_view topic, std::string_view payload, std::uint64_t position) {
        pipeline_->replay(topic, payload, position);
      });
  if (replayed > 0) spdlog::info("start: {} journaled messages replayed into the store", replayed);
  server_->start();
  subscriber_->start();
  housekeeping_thread_ = std::thread([this] { housekeeping(); });
}

void backend_app::housekeeping() {
  std::unique_lock lock(housekeeping_mutex_);
  while (!stopping_) {
    housekeeping_wake_.wait_for(lock, std::chrono::seconds(5));
    pipeline_->trim_window();
  }
}

void backend_app::stop() {
  {
    std::lock_guard lock(housekeeping_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  housekeeping_wake_.notify_all();
  if (housekeeping_thread_.joinable()) housekeeping_thread_.join();
  // Stop taking messages first: the broker keeps what arrives for our session. A message
  // waiting for queue space gives up; it is already in the journal.
  writer_->stop_accepting();
  subscriber_->stop();
  if (writer_->drain_and_stop(std::chrono::seconds(30))) {
    spdlog::info("stop: everything is in the store");
  } else {
    spdlog::warn("stop: the store did not take everything; the journal keeps the rest for the next start");
  }
  server_->stop();
}

}  // namespace telemetry::app
