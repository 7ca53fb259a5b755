#pragma once
// The compact form of a run of points of one series, as the SQLite store keeps it: one row per
// chunk instead of one row per sample, so a write costs one B-tree insert per few hundred
// samples instead of one per sample.
//
// Layout (all integers little-endian base-128 varints unless said):
//   version byte (1), count, first ts (zigzag), first value (8 bytes, IEEE 754 bits LE),
//   then per further point: ts delta (> 0) and the value's bits XOR the previous value's bits
//   as one control byte (0: same value; else 1 + 8 * leading zero bytes + trailing zero bytes)
//   followed by the bytes between them.
// Points must be in strictly ascending ts. decode_chunk never reads past the blob and reports
// a damaged one instead of guessing.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace telemetry::store {

// Appends the encoding of `points` (ascending, unique ts) to `out`.
void encode_chunk(std::span<const point> points, std::string& out);

// Appends the points of `blob` to `out`; false (and `out` unchanged) when the blob is damaged.
[[nodiscard]] bool decode_chunk(std::string_view blob, std::vector<point>& out);

}  // namespace telemetry::store
