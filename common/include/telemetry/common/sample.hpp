#pragma once
// One measurement of one series, as carried by the MQTT payload of design.md.
#include <chrono>
#include <cstdint>
#include <optional>

namespace telemetry {

// Timestamps are integer milliseconds since the Unix epoch, UTC.
using timestamp_ms = std::int64_t;

// The latest timestamp accepted anywhere (9999-12-31T23:59:59.999Z).
inline constexpr timestamp_ms max_timestamp_ms = 253402300799999;

// The wall clock in epoch milliseconds, the unit of every timestamp here.
[[nodiscard]] inline timestamp_ms wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct sample {
  timestamp_ms ts = 0;
  double value = 0.0;
  std::optional<std::uint64_t> seq;  // per-series counter, lets the backend see gaps

  friend bool operator==(const sample&, const sample&) = default;
};

}  // namespace telemetry
