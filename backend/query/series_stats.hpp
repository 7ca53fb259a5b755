#pragma once
// Exact statistics of one series over a range: count, min, max, mean, population standard
// deviation, and the 50th, 95th and 99th percentiles by linear interpolation between closest
// ranks (numpy's default; statistics.quantiles(method="inclusive")).
#include <cstddef>
#include <optional>
#include <vector>

#include "store/store.hpp"

namespace telemetry::query {

struct series_stats {
  std::size_t count = 0;
  double min = 0, max = 0, mean = 0, stddev = 0, p50 = 0, p95 = 0, p99 = 0;
  timestamp_ms first_ts = 0, last_ts = 0;
};

class stats_accumulator {
 public:
  void reserve(std::size_t points) { values_.reserve(points); }
  void add(const store::point& p);
  // nullopt when no point was added. Reorders the collected values in place (a selection of
  // the percentile ranks, not a full sort: O(n)).
  [[nodiscard]] std::optional<series_stats> finish();

 private:
  std::vector<double> values_;
  timestamp_ms first_ts_ = 0, last_ts_ = 0;
};

// The q-quantile (0 <= q <= 1) of sorted, non-empty values.
[[nodiscard]] double quantile_sorted(const std::vector<double>& sorted, double q);

}  // namespace telemetry::query
