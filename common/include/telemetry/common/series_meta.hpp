#pragma once
// Retained series metadata on telemetry/{source}/{signal}/meta:
// {"name": "Power Input", "unit": "kW", "min": 0, "max": 1200, "description": "..."}
// All fields are optional on the wire; strings are capped in length.
#include <optional>
#include <string>
#include <string_view>

#include "telemetry/common/decode_error.hpp"

namespace telemetry {

inline constexpr std::size_t max_meta_text_length = 256;
inline constexpr std::size_t max_meta_payload_bytes = 4096;

struct series_meta {
  std::string name;
  std::string unit;
  std::optional<double> min;
  std::optional<double> max;
  std::string description;

  friend bool operator==(const series_meta&, const series_meta&) = default;
};

[[nodiscard]] decode_error decode_meta(std::string_view payload, series_meta& out);
[[nodiscard]] std::string encode_meta(const series_meta& meta);

}  // namespace telemetry
