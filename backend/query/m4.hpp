#pragma once
// M4 decimation (Jugel et al., VLDB 2014): split [from, to] into `width` equal columns and
// keep, per column, the first, minimum, maximum and last point. A line drawn through them at
// that width is pixel-identical to one drawn through every point, with at most 4 points per
// column. Input must be in ascending ts order; output is in ascending ts order.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#include "store/store.hpp"

namespace telemetry::query {

// Wider requests are refused by the API; the bound also keeps the column arithmetic exact.
inline constexpr std::size_t max_width = 10000;

class m4_decimator {
 public:
  m4_decimator(timestamp_ms from, timestamp_ms to, std::size_t width);
  // Only the columns [first_column, end_column) of that grid: slices of one chart decimated
  // apart (in parallel) give, one after the other, what the whole grid gives.
  m4_decimator(timestamp_ms from, timestamp_ms to, std::size_t width, std::size_t first_column, std::size_t end_column);

  // The first ts of column `column` (width: the end of the range + 1).
  [[nodiscard]] timestamp_ms column_start(std::size_t column) const noexcept;
  // The range this decimator keeps points of: its columns' span.
  [[nodiscard]] timestamp_ms first_ts() const noexcept { return first_ts_; }
  [[nodiscard]] timestamp_ms last_ts() const noexcept { return last_ts_; }

  // Feed points in ascending ts; points outside [from, to] are ignored.
  void add(const store::point& p) { add(&p, &p + 1); }

  // The same for a run of points in ascending ts. Inline, with the open column in locals: a
  // chart feeds every point of its range, and most fall in the open column.
  template <typename Iterator>
  void add(Iterator first, Iterator last) {
    while (first != last) {
      if (!open_ || first->ts >= column_end_) {
        open_column(*first);
        ++first;
        continue;
      }
      // A column never ends after the last one kept, so the points before its end are kept.
      const timestamp_ms end = column_end_;
      timestamp_ms min_ts = min_.ts, max_ts = max_.ts;
      double min_value = min_.value, max_value = max_.value;
      auto at = first;
      for (; at != last && at->ts < end; ++at) {
        // Selects rather than branches: on noisy signals a new extreme is a coin toss, and a
        // mispredicted branch per point costs more than the rest of the loop.
        const bool lower = at->value < min_value;
        const bool higher = at->value > max_value;
        min_ts = lower ? at->ts : min_ts;
        min_value = lower ? at->value : min_value;
        max_ts = higher ? at->ts : max_ts;
        max_value = higher ? at->value : max_value;
      }
      if (at != first) last_ = *std::prev(at);
      min_ = {min_ts, min_value};
      max_ = {max_ts, max_value};
      first = at;
    }
  }

  // Appends the kept points to `out` and resets.
  void finish(std::vector<store::point>& out);

 private:
  // p starts a new column (or lies outside [from, to]).
  void open_column(const store::point& p);
  void flush_column();

  timestamp_ms from_;
  // Timestamps are below 2^48 and width is capped (max_width), so span x width fits in 64 bits.
  std::uint64_t span_;  // to - from + 1
  std::size_t width_;
  timestamp_ms first_ts_;        // of the first column kept
  timestamp_ms last_ts_;         // of the last column kept
  timestamp_ms column_end_ = 0;  // the first ts after the open column
  bool open_ = false;
  store::point first_, min_, max_, last_;
  std::vector<store::point> kept_;
};

}  // namespace telemetry::query
