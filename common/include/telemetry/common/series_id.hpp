#pragma once
// Series identity and MQTT topic names of design.md: telemetry/{source}/{signal}[/meta] and
// telemetry/{source}/status. A segment matches [a-z0-9][a-z0-9_-]{0,63}; anything else is
// rejected, never normalised, so one series has exactly one spelling. A signal is a segment
// other than "status": telemetry/{source}/status is the producer's status topic, so samples of
// a signal of that name could never be told apart from it.
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace telemetry {

inline constexpr std::string_view topic_root = "telemetry";
inline constexpr std::size_t max_segment_length = 64;

struct series_id {
  std::string source;
  std::string signal;

  // "{source}/{signal}", the id used by the HTTP API.
  [[nodiscard]] std::string str() const { return source + '/' + signal; }
  auto operator<=>(const series_id&) const = default;
};

inline constexpr std::string_view status_segment = "status";

[[nodiscard]] bool is_valid_segment(std::string_view segment) noexcept;
// A valid segment that is not the reserved "status".
[[nodiscard]] bool is_valid_signal(std::string_view segment) noexcept;

// Parses "{source}/{signal}"; nullopt when either segment is invalid.
[[nodiscard]] std::optional<series_id> parse_series_id(std::string_view text);

enum class topic_kind { sample, meta, status };

struct parsed_topic {
  topic_kind kind;
  series_id series;  // signal is empty for status topics
};

[[nodiscard]] std::optional<parsed_topic> parse_topic(std::string_view topic);

[[nodiscard]] std::string sample_topic(const series_id& id);
[[nodiscard]] std::string meta_topic(const series_id& id);
[[nodiscard]] std::string status_topic(std::string_view source);

}  // namespace telemetry
