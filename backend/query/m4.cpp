#include "query/m4.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace telemetry::query {

m4_decimator::m4_decimator(timestamp_ms from, timestamp_ms to, std::size_t width)
    : m4_decimator(from, to, width, 0, std::max<std::size_t>(width, 1)) {}

m4_decimator::m4_decimator(timestamp_ms from, timestamp_ms to, std::size_t width, std::size_t first_column,
                           std::size_t end_column)
    : from_(from), span_(static_cast<std::uint64_t>(to - from) + 1), width_(std::max<std::size_t>(width, 1)) {
  end_column = std::min(end_column, width_);
  first_column = std::min(first_column, end_column);
  first_ts_ = column_start(first_column);
  last_ts_ = column_start(end_column) - 1;
  kept_.reserve(std::min<std::size_t>(4 * (end_column - first_column), 4096));
}

timestamp_ms m4_decimator::column_start(std::size_t column) const noexcept {
  // The smallest t with (t - from) * width / span >= column.
  return from_ + static_cast<timestamp_ms>((column * span_ + width_ - 1) / width_);
}

void m4_decimator::open_column(const store::point& p) {
  if (p.ts < first_ts_ || p.ts > last_ts_) return;
  // Points come in ascending ts, so one comparison with the open column's end tells whether p
  // still falls in it (add()); the column is computed (a division) only once per column.
  if (open_) flush_column();
  // Column of p by integer arithmetic, so no rounding moves a point across a column edge.
  const auto column = static_cast<std::uint64_t>(p.ts - from_) * width_ / span_;
  column_end_ = column_start(column + 1);
  open_ = true;
  first_ = min_ = max_ = last_ = p;
}

void m4_decimator::flush_column() {
  // Emit the up-to-four distinct points in time order: the first and the last bound the
  // column, so only the minimum and the maximum can come in either order.
  const bool min_first = min_.ts <= max_.ts;
  const std::array<store::point, 4> picks{first_, min_first ? min_ : max_, min_first ? max_ : min_, last_};
  for (const auto& p : picks) {
    if (kept_.empty() || kept_.back().ts != p.ts) kept_.push_back(p);
  }
  open_ = false;
}

void m4_decimator::finish(std::vector<store::point>& out) {
  if (open_) flush_column();
  out.insert(out.end(), kept_.begin(), kept_.end());
  kept_.clear();
}

}  // namespace telemetry::query
