#include "http/prometheus_text.hpp"

#include <fmt/format.h>

namespace telemetry::http {
namespace {

class exposition {
 public:
  void metric(std::string_view name, std::string_view type, std::string_view help, double value) {
    header(name, type, help);
    sample(name, "", value);
  }
  void header(std::string_view name, std::string_view type, std::string_view help) {
    fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  void sample(std::string_view name, std::string_view labels, double value) {
    fmt::format_to(std::back_inserter(out_), "{}{} {}\n", name, labels, value);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

double count(std::uint64_t value) {
  return static_cast<double>(value);
}

}  // namespace

std::string render_metrics(const api_context& c, const history_text_cache::counters& history_text) {
  exposition e;
  e.metric("telemetry_ingest_messages_total", "counter", "MQTT sample messages accepted.",
           count(c.ingest_stats.messages.load()));
  e.metric("telemetry_ingest_samples_total", "counter", "Samples accepted.", count(c.ingest_stats.samples.load()));
  e.metric("telemetry_ingest_duplicates_total", "counter",
           "Samples already held (same series and ts), not stored again.", count(c.ingest_stats.duplicates.load()));
  e.metric("telemetry_ingest_journal_failures_total", "counter", "Messages whose journal write failed.",
           count(c.ingest_stats.journal_failures.load()));
  e.header("telemetry_ingest_rejected_total", "counter", "MQTT messages dropped, by reason.");
  for (std::size_t i = 0; i < ingest::reject_reason_count; ++i) {
    const auto reason = static_cast<ingest::reject_reason>(i);
    e.sample("telemetry_ingest_rejected_total", fmt::format("{{reason=\"{}\"}}", to_string(reason)),
             count(c.rejects.count(reason)));
  }
  e.metric("telemetry_broker_connected", "gauge", "1 while connected to the MQTT broker.",
           c.broker_connected() ? 1.0 : 0.0);
  e.metric("telemetry_series", "gauge", "Series known.", count(c.registry.size()));
  const auto& w = c.writer_stats;
  e.metric("telemetry_store_samples_written_total", "counter", "Samples written to the store (duplicates included).",
           count(w.samples_written.load()));
  e.metric("telemetry_store_write_failures_total", "counter", "Store writes that failed and were retried.",
           count(w.write_failures.load()));
  e.header("telemetry_store_write_seconds", "summary", "Time per store batch write.");
  e.sample("telemetry_store_write_seconds_sum", "", static_cast<double>(w.write_micros_total.load()) / 1e6);
  e.sample("telemetry_store_write_seconds_count", "", count(w.batches_written.load()));
  e.metric("telemetry_store_write_seconds_max", "gauge", "Slowest store batch write since start.",
           static_cast<double>(w.write_micros_max.load()) / 1e6);
  e.metric("telemetry_store_queue_samples", "gauge", "Samples waiting for the store writer.",
           count(w.queued_samples.load()));
  e.metric("telemetry_window_samples", "gauge", "Samples held in the recent window.", count(c.window.size()));
  e.metric("telemetry_window_bytes", "gauge", "Approximate bytes held by the recent window.", count(c.window.bytes()));
  e.metric("telemetry_history_cache_hits_total", "counter", "Minutes of /api/history answered from kept text.",
           count(history_text.hits));
  e.metric("telemetry_history_cache_misses_total", "counter", "Minutes of /api/history written afresh.",
           count(history_text.misses));
  e.metric("telemetry_history_cache_bytes", "gauge", "Bytes of /api/history text kept.", count(history_text.bytes));
  e.metric("telemetry_replay_batches", "gauge", "Batches held for stream resume.", count(c.replay.size()));
  e.metric("telemetry_sse_clients", "gauge", "Open live stream connections.", count(c.hub.clients()));
  e.metric("telemetry_sse_refused_total", "counter", "Stream connections refused at the connection cap.",
           count(c.hub.refused()));
  return e.take();
}

}  // namespace telemetry::http
