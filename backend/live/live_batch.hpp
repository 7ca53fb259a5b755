#pragma once
// One accepted MQTT message as the live stream sends it: a backend-wide sequence number and
// the new samples of one series. Encoding waits for the stream (once per tick, shared by
// the sessions at the same position), so ingest pays nothing for it when nobody watches.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "telemetry/common/sample.hpp"

namespace telemetry::live {

struct live_batch {
  std::uint64_t seq = 0;
  std::string series;
  std::vector<store::point> points;
  timestamp_ms received_ms = 0;
};

using live_batch_ptr = std::shared_ptr<const live_batch>;

}  // namespace telemetry::live
