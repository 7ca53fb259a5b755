#pragma once
// One accepted MQTT message as the live stream sends it: a backend-wide sequence number and
// its samples already serialised, so a thousand clients share one buffer.
#include <cstdint>
#include <memory>
#include <string>

#include "telemetry/common/sample.hpp"

namespace telemetry::live {

struct live_batch {
  std::uint64_t seq = 0;
  std::string series;
  // `{"series":..,"ts":..,"value":..}` objects joined by commas, without brackets.
  std::string samples_json;
  std::size_t sample_count = 0;
  timestamp_ms received_ms = 0;
};

using live_batch_ptr = std::shared_ptr<const live_batch>;

}  // namespace telemetry::live
