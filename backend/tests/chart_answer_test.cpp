// /api/chart decimates series, or slices of one series' columns, on a pool: its answers must
// be the same as one pass on one thread, for one series or many, any width, with points in
// the window and in the store, and with columns left empty.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "twin_apis.hpp"

namespace telemetry::http {
namespace {

using live::point;

TEST(ChartAnswer, TheSameOnAPoolAsOnOneThread) {
  // Every point worth a part: the pool cuts every chart into as many slices as it can.
  twin_apis api(api_limits{.chart_workers = 3, .chart_part_points = 1}, api_limits{.chart_workers = 0});
  std::uint64_t state = 3;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33U;
  };
  const timestamp_ms now = wall_clock_ms();
  const std::vector<std::string> series{"c/one", "c/two", "c/three"};
  for (std::size_t s = 0; s < series.size(); ++s) {
    std::vector<point> recent;
    std::vector<point> older;
    // Irregular spacing, a gap of ten minutes in the middle of the window, some points before it.
    for (timestamp_ms ts = now - 70 * 60'000; ts < now; ts += 100 + static_cast<timestamp_ms>(next() % 2'000)) {
      if (ts > now - 30 * 60'000 && ts < now - 20 * 60'000) continue;
      const point p{ts, static_cast<double>(next() % 10'000) / 7.0 - static_cast<double>(s)};
      (ts < now - 60 * 60'000 ? older : recent).push_back(p);
    }
    api.store_points(series[s], older);
    api.insert(series[s], recent, now);
  }
  EXPECT_EQ(api.first.chart_threads(), 4U);
  EXPECT_EQ(api.second.chart_threads(), 1U);
  for (const auto width : {1, 7, 1000, 10'000}) {
    api.expect_same(fmt::format("/api/chart?series=c/one&from={}&to={}&width={}", now - 3'600'000, now, width));
    api.expect_same(fmt::format("/api/chart?from={}&to={}&width={}", now - 4'200'000, now, width));
    api.expect_same(fmt::format("/api/chart?series=c/two&series=c/three&from={}&to={}&width={}", now - 600'000,
                                now - 300'000, width));
    // Far more columns than points: most slices are empty.
    api.expect_same(fmt::format("/api/chart?series=c/one&from={}&to={}&width={}", now - 5'000, now, width));
  }
}

}  // namespace
}  // namespace telemetry::http
