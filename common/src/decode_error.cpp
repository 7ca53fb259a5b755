#include "telemetry/common/decode_error.hpp"

namespace telemetry {

std::string_view to_string(decode_error error) noexcept {
  switch (error) {
    case decode_error::none: return "none";
    case decode_error::too_large: return "too_large";
    case decode_error::bad_utf8: return "bad_utf8";
    case decode_error::bad_json: return "bad_json";
    case decode_error::bad_shape: return "bad_shape";
    case decode_error::missing_field: return "missing_field";
    case decode_error::bad_ts: return "bad_ts";
    case decode_error::bad_value: return "bad_value";
    case decode_error::bad_seq: return "bad_seq";
  }
  return "unknown";
}

}  // namespace telemetry
