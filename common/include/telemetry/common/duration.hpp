#pragma once
// Durations as operators write them on a command line: "500ms", "90s", "15m", "1h", "7d",
// or a plain number of seconds. Anything else is rejected, never guessed.
#include <chrono>
#include <optional>
#include <string_view>

namespace telemetry {

[[nodiscard]] std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace telemetry
