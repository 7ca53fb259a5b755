#pragma once
// Time parameters of the HTTP API: integer epoch milliseconds ("1764857000123") or ISO 8601
// in UTC or with an offset ("2026-12-04T14:00:00Z", "2026-12-04T14:00:00.250+01:00").
#include <optional>
#include <string>
#include <string_view>

#include "telemetry/common/sample.hpp"

namespace telemetry::query {

[[nodiscard]] std::optional<timestamp_ms> parse_time(std::string_view text);

// ISO 8601 UTC with milliseconds: "2026-12-04T14:00:00.123Z".
void append_iso8601(std::string& out, timestamp_ms ts);

}  // namespace telemetry::query
