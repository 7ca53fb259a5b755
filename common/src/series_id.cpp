#include "telemetry/common/series_id.hpp"

#include <fmt/format.h>

namespace telemetry {
namespace {

bool is_lower_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Splits off the text before the next '/', advancing `rest` past it.
std::string_view next_segment(std::string_view& rest, bool& had_slash) {
  const auto slash = rest.find('/');
  had_slash = slash != std::string_view::npos;
  const auto segment = rest.substr(0, slash);
  rest = had_slash ? rest.substr(slash + 1) : std::string_view{};
  return segment;
}

}  // namespace

bool is_valid_segment(std::string_view segment) noexcept {
  if (segment.empty() || segment.size() > max_segment_length || !is_lower_alnum(segment[0])) {
    return false;
  }
  for (const char c : segment) {
    if (!is_lower_alnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

bool is_valid_signal(std::string_view segment) noexcept {
  return is_valid_segment(segment) && segment != status_segment;
}

std::optional<series_id> parse_series_id(std::string_view text) {
  bool slash = false;
  const auto source = next_segment(text, slash);
  if (!slash || !is_valid_segment(source) || !is_valid_signal(text)) return std::nullopt;
  return series_id{std::string(source), std::string(text)};
}

std::optional<parsed_topic> parse_topic(std::string_view topic) {
  bool slash = false;
  if (next_segment(topic, slash) != topic_root || !slash) return std::nullopt;
  const auto source = next_segment(topic, slash);
  if (!slash || !is_valid_segment(source)) return std::nullopt;
  const auto second = next_segment(topic, slash);
  if (!slash) {
    if (second == status_segment) return parsed_topic{topic_kind::status, {std::string(source), {}}};
    if (!is_valid_signal(second)) return std::nullopt;
    return parsed_topic{topic_kind::sample, {std::string(source), std::string(second)}};
  }
  if (topic != "meta" || !is_valid_signal(second)) return std::nullopt;
  return parsed_topic{topic_kind::meta, {std::string(source), std::string(second)}};
}

std::string sample_topic(const series_id& id) {
  return fmt::format("{}/{}/{}", topic_root, id.source, id.signal);
}

std::string meta_topic(const series_id& id) {
  return fmt::format("{}/{}/{}/meta", topic_root, id.source, id.signal);
}

std::string status_topic(std::string_view source) {
  return fmt::format("{}/{}/{}", topic_root, source, status_segment);
}

}  // namespace telemetry
