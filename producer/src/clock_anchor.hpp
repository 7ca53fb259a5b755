#pragma once
// Wall-clock timestamps mapped onto the steady clock. Samples carry wall-clock ts, but threads
// sleep on the steady clock so a wall-clock step cannot make them burst or stall; the mapping
// is taken once, so every thread shares one notion of "now".
#include <chrono>

#include "telemetry/common/sample.hpp"

namespace telemetry::producer {

struct clock_anchor {
  timestamp_ms wall_ms = 0;
  std::chrono::steady_clock::time_point steady;

  [[nodiscard]] static clock_anchor now() {
    const auto steady_now = std::chrono::steady_clock::now();
    const auto wall =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    return {wall.count(), steady_now};
  }
  [[nodiscard]] timestamp_ms wall_now() const {
    return wall_ms +
           std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - steady).count();
  }
  [[nodiscard]] std::chrono::steady_clock::time_point deadline(timestamp_ms ts) const {
    return steady + std::chrono::milliseconds(ts - wall_ms);
  }
};

}  // namespace telemetry::producer
