#pragma once
// M4 decimation (Jugel et al., VLDB 2014): split [from, to] into `width` equal columns and
// keep, per column, the first, minimum, maximum and last point. A line drawn through them at
// that width is pixel-identical to one drawn through every point, with at most 4 points per
// column. Input must be in ascending ts order; output is in ascending ts order.
#include <cstddef>
#include <vector>

#include "store/store.hpp"

namespace telemetry::query {

// Wider requests are refused by the API; the bound also keeps the column arithmetic exact.
inline constexpr std::size_t max_width = 10000;

class m4_decimator {
 public:
  m4_decimator(timestamp_ms from, timestamp_ms to, std::size_t width);

  // Feed points in ascending ts; points outside [from, to] are ignored.
  void add(const store::point& p);
  // Appends the kept points to `out` and resets.
  void finish(std::vector<store::point>& out);

 private:
  void flush_column();

  timestamp_ms from_;
  timestamp_ms to_;
  std::size_t width_;
  timestamp_ms column_end_ = 0;  // the first ts after the open column
  bool open_ = false;
  store::point first_, min_, max_, last_;
  std::vector<store::point> kept_;
};

}  // namespace telemetry::query
