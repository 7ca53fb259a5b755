// MQTT topics and the series ids of the HTTP API. A series has exactly one spelling, so
// whatever parses must print back to the very same bytes, and the topic the producer builds
// for a valid series must parse back to that series.
#include <cstdint>
#include <utility>

#include "fuzz_support.hpp"
#include "telemetry/common/series_id.hpp"

namespace {

using telemetry::fuzz::require;

void check_topic(std::string_view topic) {
  const auto parsed = telemetry::parse_topic(topic);
  if (!parsed) return;
  require(telemetry::is_valid_segment(parsed->series.source), "topic: valid source");
  switch (parsed->kind) {
    case telemetry::topic_kind::sample:
      require(telemetry::sample_topic(parsed->series) == topic, "topic: sample topic spelled once");
      break;
    case telemetry::topic_kind::meta:
      require(telemetry::meta_topic(parsed->series) == topic, "topic: meta topic spelled once");
      break;
    case telemetry::topic_kind::status:
      require(parsed->series.signal.empty(), "topic: status topic has no signal");
      require(telemetry::status_topic(parsed->series.source) == topic, "topic: status topic spelled once");
      break;
  }
}

void check_series_id(std::string_view text) {
  const auto id = telemetry::parse_series_id(text);
  if (!id) return;
  require(id->str() == text, "series id: spelled once");
  for (const auto& [kind, topic] : {std::pair{telemetry::topic_kind::sample, telemetry::sample_topic(*id)},
                                    std::pair{telemetry::topic_kind::meta, telemetry::meta_topic(*id)}}) {
    const auto parsed = telemetry::parse_topic(topic);
    require(parsed && parsed->kind == kind && parsed->series == *id, "series id: its topics name it");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = telemetry::fuzz::as_text(data, size);
  check_topic(text);
  check_series_id(text);
  if (telemetry::is_valid_segment(text)) {
    require(telemetry::parse_topic(telemetry::status_topic(text)).has_value(), "segment: its status topic parses");
  }
  return 0;
}
