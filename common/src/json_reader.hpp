#pragma once
// Strict JSON input shared by the codecs: size cap, UTF-8 and syntax checked by simdjson's
// DOM parser (one per thread, reused, so decoding allocates nothing in steady state).
#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "telemetry/common/decode_error.hpp"

namespace telemetry::detail {

// Parses `payload` into `out`; the element stays valid until the next parse on this thread.
decode_error parse_json(std::string_view payload, std::size_t max_bytes, simdjson::dom::element& out);

// Reads a number of any JSON numeric type as a finite double.
std::optional<double> finite_number(simdjson::dom::element element);

// Reads an integer that fits in int64 (doubles, even integral ones, are refused).
std::optional<std::int64_t> integer(simdjson::dom::element element);

}  // namespace telemetry::detail
