#include "query/series_stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace telemetry::query {

void stats_accumulator::add(const store::point& p) {
  if (values_.empty()) first_ts_ = p.ts;
  last_ts_ = p.ts;
  values_.push_back(p.value);
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
  const double rank = q * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(rank));
  const auto upper = std::min(lower + 1, sorted.size() - 1);
  const double fraction = rank - static_cast<double>(lower);
  // a + f*(b-a) stays within [a, b] and equals a exactly when f is 0.
  return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
}

namespace {

// The quantiles qs (ascending) of `values`, as quantile_sorted would give them on the sorted
// values, without sorting: each needs the values of ranks `lower` and `lower + 1`, and
// nth_element places rank `lower` exactly with every larger value after it, so the next rank
// is the smallest of those. Each search starts after the previous rank: O(n) in all.
template <std::size_t N>
std::array<double, N> select_quantiles(std::vector<double>& values, const std::array<double, N>& qs) {
  std::array<double, N> out{};
  const auto n = values.size();
  auto from = values.begin();
  for (std::size_t i = 0; i < N; ++i) {
    const double rank = qs[i] * static_cast<double>(n - 1);
    const auto lower = static_cast<std::size_t>(std::floor(rank));
    const auto at = values.begin() + static_cast<std::ptrdiff_t>(lower);
    if (at >= from) {
      std::nth_element(from, at, values.end());
      from = at;
    }
    const double a = *at;
    const double b = lower + 1 < n ? *std::min_element(at + 1, values.end()) : a;
    out[i] = a + (rank - static_cast<double>(lower)) * (b - a);
  }
  return out;
}

}  // namespace

std::optional<series_stats> stats_accumulator::finish() {
  if (values_.empty()) return std::nullopt;
  series_stats out;
  out.count = values_.size();
  const auto n = static_cast<double>(out.count);
  // Two passes over the values: the mean of the offsets from the first value (so a large
  // common offset such as a temperature near 60 costs no precision), then the squared
  // deviations from it. Both are plain loops, no division per point.
  const double origin = values_.front();
  double shifted = 0.0;
  out.min = out.max = origin;
  for (const double v : values_) {
    shifted += v - origin;
    out.min = std::min(out.min, v);
    out.max = std::max(out.max, v);
  }
  const double mean = origin + shifted / n;
  double m2 = 0.0;
  for (const double v : values_) m2 += (v - mean) * (v - mean);
  out.mean = std::clamp(mean, out.min, out.max);
  out.stddev = std::sqrt(m2 / n);
  const auto quantiles = select_quantiles(values_, std::array{0.50, 0.95, 0.99});
  out.p50 = quantiles[0];
  out.p95 = quantiles[1];
  out.p99 = quantiles[2];
  out.first_ts = first_ts_;
  out.last_ts = last_ts_;
  return out;
}

}  // namespace telemetry::query
