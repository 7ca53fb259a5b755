#include "query/m4.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace telemetry::query {

m4_decimator::m4_decimator(timestamp_ms from, timestamp_ms to, std::size_t width)
    : from_(from), to_(to), width_(std::max<std::size_t>(width, 1)) {}

void m4_decimator::add(const store::point& p) {
  if (p.ts < from_ || p.ts > to_) return;
  // Column of p by integer arithmetic, so no rounding moves a point across a column edge.
  // Timestamps are below 2^48 and width is capped (max_width), so the product fits.
  const auto span = static_cast<std::uint64_t>(to_ - from_) + 1;
  const auto column = static_cast<std::size_t>(static_cast<std::uint64_t>(p.ts - from_) * width_ / span);
  if (open_ && column != column_) flush_column();
  if (!open_) {
    open_ = true;
    column_ = column;
    first_ = min_ = max_ = last_ = p;
    return;
  }
  if (p.value < min_.value) min_ = p;
  if (p.value > max_.value) max_ = p;
  last_ = p;
}

void m4_decimator::flush_column() {
  // Emit the up-to-four distinct points in time order.
  std::array<store::point, 4> picks{first_, min_, max_, last_};
  std::sort(picks.begin(), picks.end(), [](const auto& a, const auto& b) { return a.ts < b.ts; });
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
