#pragma once
// Why a message was rejected. The names are the `reason` label of the rejects counter.
#include <string_view>

namespace telemetry {

enum class decode_error {
  none,
  too_large,  // payload over the size cap
  bad_utf8,   // not valid UTF-8
  bad_json,   // not JSON, or NaN/Infinity spelled as text
  bad_shape,  // JSON, but not the object (or array of objects) expected
  missing_field,
  bad_ts,     // ts not an integer millisecond timestamp in range
  bad_value,  // value not a finite number, or a field of the wrong type
  bad_seq,    // seq present but not an unsigned integer
};

[[nodiscard]] std::string_view to_string(decode_error error) noexcept;

}  // namespace telemetry
