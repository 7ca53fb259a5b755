#pragma once
// The query string of an API request, decoded, and the typed parameters of design.md.
// Every malformed value becomes a one-line message for a 400 answer, never an exception.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "telemetry/common/sample.hpp"

namespace telemetry::query {

inline constexpr std::size_t max_query_params = 256;

// Decodes %XX escapes (and '+' as space); nullopt for a bad escape or a NUL byte.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

class query_params {
 public:
  // Parses "a=1&b=2&a=3"; on failure returns nullopt and sets `error`.
  static std::optional<query_params> parse(std::string_view query, std::string& error);

  [[nodiscard]] std::optional<std::string_view> first(std::string_view key) const;
  [[nodiscard]] std::vector<std::string_view> all(std::string_view key) const;
  // The first key not in `known`, if any: unknown parameters are refused, not ignored.
  [[nodiscard]] std::optional<std::string_view> unknown(std::span<const std::string_view> known) const;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

struct time_range {
  timestamp_ms from = 0;
  timestamp_ms to = 0;
};

// from/to per design.md: `to` defaults to now, `from` to to - 1 h, both inclusive, from <= to.
[[nodiscard]] std::optional<time_range> parse_time_range(const query_params& params, timestamp_ms now,
                                                         std::string& error);

// A positive integer parameter with a default and an upper bound.
[[nodiscard]] std::optional<std::size_t> parse_count(const query_params& params, std::string_view key,
                                                     std::size_t fallback, std::size_t cap, std::string& error);

}  // namespace telemetry::query
