#pragma once
// Retained producer status on telemetry/{source}/status, also the producer's MQTT last will:
// {"state": "online" | "offline", "ts": 1764857000123}
#include <string>
#include <string_view>

#include "telemetry/common/decode_error.hpp"
#include "telemetry/common/sample.hpp"

namespace telemetry {

inline constexpr std::size_t max_status_payload_bytes = 1024;

enum class producer_state { online, offline };

struct producer_status {
  producer_state state = producer_state::offline;
  timestamp_ms ts = 0;

  friend bool operator==(const producer_status&, const producer_status&) = default;
};

[[nodiscard]] std::string_view to_string(producer_state state) noexcept;
[[nodiscard]] decode_error decode_status(std::string_view payload, producer_status& out);
[[nodiscard]] std::string encode_status(const producer_status& status);

}  // namespace telemetry
