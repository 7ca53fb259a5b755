#include "query/series_stats.hpp"

#include <algorithm>
#include <cmath>

namespace telemetry::query {

void stats_accumulator::add(const store::point& p) {
  if (values_.empty()) first_ts_ = p.ts;
  last_ts_ = p.ts;
  values_.push_back(p.value);
  const double delta = p.value - mean_;
  mean_ += delta / static_cast<double>(values_.size());
  m2_ += delta * (p.value - mean_);
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
  const double rank = q * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(rank));
  const auto upper = std::min(lower + 1, sorted.size() - 1);
  const double fraction = rank - static_cast<double>(lower);
  // a + f*(b-a) stays within [a, b] and equals a exactly when f is 0.
  return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
}

std::optional<series_stats> stats_accumulator::finish() {
  if (values_.empty()) return std::nullopt;
  std::sort(values_.begin(), values_.end());
  series_stats out;
  out.count = values_.size();
  out.min = values_.front();
  out.max = values_.back();
  out.mean = std::clamp(mean_, out.min, out.max);
  out.stddev = std::sqrt(std::max(0.0, m2_ / static_cast<double>(out.count)));
  out.p50 = quantile_sorted(values_, 0.50);
  out.p95 = quantile_sorted(values_, 0.95);
  out.p99 = quantile_sorted(values_, 0.99);
  out.first_ts = first_ts_;
  out.last_ts = last_ts_;
  return out;
}

}  // namespace telemetry::query
