// MQTT payloads as the backend receives them, each input given to the three decoders
// (samples, series metadata, producer status). Beyond memory safety, every decoder must be
// all-or-nothing (its output untouched on error), and whatever decodes must come back equal
// through the encoders the producer uses, or the producer could publish what the backend drops.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "telemetry/common/payload_codec.hpp"
#include "telemetry/common/producer_status.hpp"
#include "telemetry/common/series_meta.hpp"

namespace {

using telemetry::decode_error;
using telemetry::fuzz::require;

void check_samples(std::string_view payload) {
  const telemetry::sample sentinel{1, -1.5, 7};
  std::vector<telemetry::sample> decoded{sentinel};
  if (telemetry::decode_samples(payload, decoded) != decode_error::none) {
    require(decoded.size() == 1 && decoded.front() == sentinel, "samples: output untouched on error");
    return;
  }
  require(decoded.size() >= 2 && decoded.front() == sentinel, "samples: decoded ones appended");
  const std::vector<telemetry::sample> samples(decoded.begin() + 1, decoded.end());
  for (const auto& s : samples) {
    require(s.ts > 0 && s.ts <= telemetry::max_timestamp_ms, "samples: ts in range");
    require(std::isfinite(s.value), "samples: value finite");
  }
  std::vector<telemetry::sample> again;
  const auto encoded = telemetry::encode_samples(samples);
  require(telemetry::decode_samples(encoded, again, std::numeric_limits<std::size_t>::max()) == decode_error::none,
          "samples: the encoding decodes");
  require(again == samples, "samples: round trip");
}

// Metadata and status: one object each, decoded whole or not at all (the stack says which).
template <typename Value>
void check_object(std::string_view payload, const Value& sentinel, decode_error (*decode)(std::string_view, Value&),
                  std::string (*encode)(const Value&)) {
  auto decoded = sentinel;
  if (decode(payload, decoded) != decode_error::none) {
    require(decoded == sentinel, "meta/status: output untouched on error");
    return;
  }
  Value again;
  require(decode(encode(decoded), again) == decode_error::none, "meta/status: the encoding decodes");
  require(again == decoded, "meta/status: round trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto payload = telemetry::fuzz::as_text(data, size);
  check_samples(payload);
  check_object(payload, telemetry::series_meta{"sentinel", "u", 0.0, 1.0, "d"}, telemetry::decode_meta,
               telemetry::encode_meta);
  check_object(payload, telemetry::producer_status{telemetry::producer_state::online, 5}, telemetry::decode_status,
               telemetry::encode_status);
  return 0;
}
