#pragma once
// The sample payload of design.md: one object {"ts","value","seq"?} or an array of them.
// Decoding is strict and all-or-nothing: a message with one bad element is rejected whole,
// so a partially applied message never exists. Unknown extra fields are ignored.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/common/decode_error.hpp"
#include "telemetry/common/sample.hpp"

namespace telemetry {

inline constexpr std::size_t default_max_payload_bytes = 256 * 1024;

// Appends the decoded samples to `out` on success; leaves `out` unchanged on error.
[[nodiscard]] decode_error decode_samples(std::string_view payload, std::vector<sample>& out,
                                          std::size_t max_bytes = default_max_payload_bytes);

// One sample as a JSON object.
void append_sample_json(std::string& out, const sample& s);

// One object for a single sample, an array otherwise.
[[nodiscard]] std::string encode_samples(std::span<const sample> samples);

}  // namespace telemetry
