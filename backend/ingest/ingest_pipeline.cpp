#include "ingest/ingest_pipeline.hpp"

#include <spdlog/spdlog.h>

#include "telemetry/common/producer_status.hpp"

namespace telemetry::ingest {
namespace {

reject_reason reason_of(decode_error error) {
  switch (error) {
    case decode_error::too_large: return reject_reason::too_large;
    case decode_error::bad_utf8: return reject_reason::bad_utf8;
    case decode_error::bad_json: return reject_reason::bad_json;
    case decode_error::bad_shape: return reject_reason::bad_shape;
    case decode_error::missing_field: return reject_reason::missing_field;
    case decode_error::bad_ts: return reject_reason::bad_ts;
    case decode_error::bad_seq: return reject_reason::bad_seq;
    case decode_error::bad_value:
    case decode_error::none: break;
  }
  return reject_reason::bad_value;
}

}  // namespace

ingest_pipeline::ingest_pipeline(ingest_options options, series_registry& registry, live::recent_window& window,
                                 live::replay_buffer& replay, ingest_journal* journal, store::store_writer& writer,
                                 reject_counters& rejects)
    : options_(options),
      registry_(registry),
      window_(window),
      replay_(replay),
      journal_(journal),
      writer_(writer),
      rejects_(rejects) {}

void ingest_pipeline::set_listener(ingest_listener listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

void ingest_pipeline::handle(std::string_view topic, std::string_view payload) noexcept {
  try {
    apply(topic, payload, false, 0);
  } catch (const std::exception& e) {
    spdlog::error("ingest: message on '{}' not applied: {}", topic.substr(0, 200), e.what());
  }
}

void ingest_pipeline::replay(std::string_view topic, std::string_view payload, std::uint64_t position) noexcept {
  try {
    apply(topic, payload, true, position);
  } catch (const std::exception& e) {
    spdlog::error("ingest: journal record on '{}' not applied: {}", topic.substr(0, 200), e.what());
  }
}

void ingest_pipeline::trim_window() {
  window_.trim(wall_clock_ms());
}

void ingest_pipeline::apply(std::string_view topic, std::string_view payload, bool from_journal,
                            std::uint64_t position) {
  const auto parsed = parse_topic(topic);
  if (!parsed) {
    rejects_.reject(reject_reason::bad_topic, topic, "not telemetry/{source}/{signal}[/meta] or .../status");
    return;
  }
  if (parsed->kind == topic_kind::meta) {
    apply_meta(parsed->series, topic, payload);
    return;
  }
  if (parsed->kind == topic_kind::status) {
    producer_status status;
    if (const auto error = decode_status(payload, status); error != decode_error::none) {
      rejects_.reject(reason_of(error), topic, "bad status message");
      return;
    }
    spdlog::info("ingest: producer {} is {}", parsed->series.source, to_string(status.state));
    return;
  }

  std::lock_guard lock(mutex_);
  decoded_.clear();
  if (const auto error = decode_samples(payload, decoded_, options_.max_payload_bytes); error != decode_error::none) {
    rejects_.reject(reason_of(error), topic, to_string(error));
    return;
  }
  const auto now = wall_clock_ms();
  for (const auto& s : decoded_) {
    if (s.ts < now - options_.max_age.count() || s.ts > now + options_.max_future.count()) {
      rejects_.reject(reject_reason::ts_out_of_window, topic, "ts older than the retention or too far ahead");
      return;
    }
  }
  if (!from_journal && journal_ != nullptr) {
    position = journal_->append(topic, payload);
    if (position == 0) {
      stats_.journal_failures.fetch_add(1, std::memory_order_relaxed);
      spdlog::error("ingest: journal write failed; samples on '{}' are only in memory until stored", topic);
    }
  }
  stats_.messages.fetch_add(1, std::memory_order_relaxed);
  stats_.samples.fetch_add(decoded_.size(), std::memory_order_relaxed);

  points_.clear();
  for (const auto& s : decoded_) points_.push_back({s.ts, s.value});
  const auto key = parsed->series.str();
  fresh_.clear();
  window_.insert(key, points_, now, fresh_);

  // Samples older than the window are not in memory to compare with: the store dedupes them.
  std::size_t in_window = 0;
  const auto window_start = window_.start(now);
  for (const auto& p : points_) in_window += p.ts >= window_start ? 1U : 0U;
  stats_.duplicates.fetch_add(in_window - fresh_.size(), std::memory_order_relaxed);

  std::vector<store::point> to_store;
  to_store.reserve(points_.size() - (in_window - fresh_.size()));
  to_store.insert(to_store.end(), fresh_.begin(), fresh_.end());
  for (const auto& p : points_) {
    if (p.ts < window_start) to_store.push_back(p);
  }

  if (!fresh_.empty() || !registry_.contains(key)) {
    store::point latest = points_.front();
    for (const auto& p : points_) latest = p.ts > latest.ts ? p : latest;
    if (registry_.observe(parsed->series, latest)) notify_series(key);
  }
  if (!fresh_.empty()) {
    live::live_batch batch;
    batch.series = key;
    batch.received_ms = now;
    batch.points = fresh_;
    const auto shared = replay_.push(std::move(batch));
    if (listener_.on_batch) listener_.on_batch(shared);
  }
  // Even with nothing new to store, the journal position goes through the writer's queue so
  // the journal is only cut once every earlier record is stored.
  if (!to_store.empty() || position > 0) writer_.enqueue(key, std::move(to_store), position);
}

void ingest_pipeline::apply_meta(const series_id& id, std::string_view topic, std::string_view payload) {
  series_meta meta;
  if (const auto error = decode_meta(payload, meta); error != decode_error::none) {
    rejects_.reject(reason_of(error), topic, "bad metadata");
    return;
  }
  std::lock_guard lock(mutex_);
  const bool created = registry_.update_meta(id, meta);
  writer_.enqueue_meta({id.str(), meta});
  if (created) notify_series(id.str());
}

void ingest_pipeline::notify_series(const std::string& key) {
  if (!listener_.on_series) return;
  if (const auto info = registry_.find(key)) listener_.on_series(*info);
}

}  // namespace telemetry::ingest
