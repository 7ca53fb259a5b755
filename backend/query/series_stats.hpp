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
  void add(const store::point& p);
  // nullopt when no point was added. Sorts the collected values in place.
  [[nodiscard]] std::optional<series_stats> finish();

 private:
  std::vector<double> values_;
  double mean_ = 0.0;  // Welford's running mean and squared deviations: stable for
  double m2_ = 0.0;    // large offsets such as temperatures near 60 with tiny noise
  timestamp_ms first_ts_ = 0, last_ts_ = 0;
};

// The q-quantile (0 <= q <= 1) of sorted, non-empty values.
[[nodiscard]] double quantile_sorted(const std::vector<double>& sorted, double q);

}  // namespace telemetry::query
