#include "query/series_stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace telemetry::query {
namespace {

series_stats stats_of(const std::vector<double>& values) {
  stats_accumulator acc;
  timestamp_ms ts = 100;
  for (const double v : values) acc.add({ts++, v});
  const auto out = acc.finish();
  EXPECT_TRUE(out);
  return out.value_or(series_stats{});
}

TEST(SeriesStats, EmptyIsNullopt) {
  stats_accumulator acc;
  EXPECT_FALSE(acc.finish());
}

TEST(SeriesStats, OnePoint) {
  const auto s = stats_of({4.5});
  EXPECT_EQ(s.count, 1U);
  for (const double v : {s.min, s.max, s.mean, s.p50, s.p95, s.p99}) EXPECT_EQ(v, 4.5);
  EXPECT_EQ(s.stddev, 0.0);
  EXPECT_EQ(s.first_ts, 100);
  EXPECT_EQ(s.last_ts, 100);
}

TEST(SeriesStats, TwoPointsInterpolate) {
  const auto s = stats_of({10.0, 0.0});
  EXPECT_EQ(s.min, 0.0);
  EXPECT_EQ(s.max, 10.0);
  EXPECT_EQ(s.mean, 5.0);
  EXPECT_EQ(s.stddev, 5.0);  // population
  EXPECT_DOUBLE_EQ(s.p50, 5.0);
  EXPECT_DOUBLE_EQ(s.p95, 9.5);
  EXPECT_DOUBLE_EQ(s.p99, 9.9);
  EXPECT_EQ(s.last_ts, 101);
}

TEST(SeriesStats, MatchesNumpyLinearPercentiles) {
  // numpy.percentile([1..10], [50, 95, 99]) == [5.5, 9.55, 9.91]; np.std == 2.8722813232690143
  const auto s = stats_of({7, 3, 1, 10, 2, 9, 4, 8, 6, 5});
  EXPECT_DOUBLE_EQ(s.p50, 5.5);
  EXPECT_DOUBLE_EQ(s.p95, 9.55);
  EXPECT_DOUBLE_EQ(s.p99, 9.91);
  EXPECT_DOUBLE_EQ(s.mean, 5.5);
  EXPECT_NEAR(s.stddev, 2.8722813232690143, 1e-12);
}

TEST(SeriesStats, EqualValuesHaveZeroSpreadAndNoNaN) {
  const auto s = stats_of(std::vector<double>(1000, 61.3));
  EXPECT_EQ(s.min, 61.3);
  EXPECT_EQ(s.p95, 61.3);
  EXPECT_EQ(s.mean, 61.3);
  EXPECT_EQ(s.stddev, 0.0);
  EXPECT_FALSE(std::isnan(s.stddev));
}

TEST(SeriesStats, StableWithLargeOffset) {
  std::vector<double> values;
  for (int i = 0; i < 36000; ++i) values.push_back(1e9 + (i % 2 == 0 ? 0.5 : -0.5));
  const auto s = stats_of(values);
  EXPECT_NEAR(s.mean, 1e9, 1e-6);
  EXPECT_NEAR(s.stddev, 0.5, 1e-6);
}

// The percentiles come from a selection of ranks, not a sort: they must equal the sorted
// reference for any data, including many duplicates and ranks that fall together.
TEST(SeriesStats, PercentilesEqualTheSortedReference) {
  std::uint64_t state = 42;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 40U);
  };
  for (const std::size_t n : {1UL, 2UL, 3UL, 7UL, 20UL, 101UL, 1000UL, 36000UL}) {
    for (const int levels : {3, 1 << 24}) {
      std::vector<double> values;
      for (std::size_t i = 0; i < n; ++i) values.push_back(std::fmod(next(), levels) * 0.25 - 50);
      const auto s = stats_of(values);
      std::sort(values.begin(), values.end());
      EXPECT_EQ(s.p50, quantile_sorted(values, 0.50)) << n << " values, " << levels << " levels";
      EXPECT_EQ(s.p95, quantile_sorted(values, 0.95)) << n << " values, " << levels << " levels";
      EXPECT_EQ(s.p99, quantile_sorted(values, 0.99)) << n << " values, " << levels << " levels";
      EXPECT_EQ(s.min, values.front());
      EXPECT_EQ(s.max, values.back());
    }
  }
}

}  // namespace
}  // namespace telemetry::query
