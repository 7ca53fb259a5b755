#pragma once
// Durations as operators write them on a command line or in a config file: "500ms", "90s",
// "15m", "1h", "7d", compounds such as "1h30m", and plain seconds ("30", "2.5"). Negative
// numbers, empty text, unknown units and values over a century are rejected; the result is
// rounded to whole milliseconds.
#include <chrono>
#include <optional>
#include <string_view>

namespace telemetry {

[[nodiscard]] std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace telemetry
