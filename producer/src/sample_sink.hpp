#pragma once
// Where signal threads hand their samples: the MQTT publisher in the product, a recorder in
// tests of the tick loop. Implementations are called from many threads at once and never throw.
#include <span>
#include <string>

#include "telemetry/common/sample.hpp"

namespace telemetry::producer {

class sample_sink {
 public:
  virtual ~sample_sink() = default;
  // One message on `topic`: a single object for one sample, an array for more.
  virtual void publish_samples(const std::string& topic, std::span<const sample> samples) noexcept = 0;
};

}  // namespace telemetry::producer
