// /api/chart and /api/stats run their parts (series, runs of series, or slices of one series'
// columns) on a pool: the answers must be the same as one pass on one thread, for one series
// or many, any width, with points in the window and in the store, and with columns or series
// left empty.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "twin_apis.hpp"

namespace telemetry::http {
namespace {

using live::point;

class PooledAnswers : public ::testing::Test {
 protected:
  // Every point worth a part: the pool cuts every query into as many parts as it can.
  twin_apis api{api_limits{.query_workers = 3, .query_part_points = 1}, api_limits{.query_workers = 0}};
  const timestamp_ms now = wall_clock_ms();

  // `count` series c/s0, c/s1, ... of irregular spacing, a gap of ten minutes in the middle of
  // the window, some points before it; c/idle has points only long ago. As in the backend,
  // every point is in the store and the recent ones are in the window too: where a query
  // splits between the two moves with the clock (the window's start is the handler's now
  // minus an hour), and the answer must not.
  void fill(int count) {
    std::uint64_t state = 3;
    const auto next = [&state] {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return state >> 33U;
    };
    for (int s = 0; s < count; ++s) {
      std::vector<point> stored;  // every point
      std::vector<point> recent;  // the last hour's, in the window too
      for (timestamp_ms ts = now - 70 * 60'000; ts < now; ts += 100 + static_cast<timestamp_ms>(next() % 2'000)) {
        if (ts > now - 30 * 60'000 && ts < now - 20 * 60'000) continue;
        const point p{ts, static_cast<double>(next() % 10'000) / 7.0 - static_cast<double>(s)};
        stored.push_back(p);
        if (ts >= now - 60 * 60'000) recent.push_back(p);
      }
      api.store_points(fmt::format("c/s{}", s), stored);
      api.insert(fmt::format("c/s{}", s), recent, now);
    }
    api.store_points("c/idle", {{now - 90 * 60'000, 1.0}});
  }
};

TEST_F(PooledAnswers, ChartsAreTheSameOnAPoolAsOnOneThread) {
  fill(3);
  EXPECT_EQ(api.first.query_threads(), 4U);
  EXPECT_EQ(api.second.query_threads(), 1U);
  for (const auto width : {1, 7, 1000, 10'000}) {
    api.expect_same(fmt::format("/api/chart?series=c/s0&from={}&to={}&width={}", now - 3'600'000, now, width));
    api.expect_same(fmt::format("/api/chart?from={}&to={}&width={}", now - 4'200'000, now, width));
    api.expect_same(
        fmt::format("/api/chart?series=c/s1&series=c/s2&from={}&to={}&width={}", now - 600'000, now - 300'000, width));
    // Far more columns than points: most slices are empty.
    api.expect_same(fmt::format("/api/chart?series=c/s0&from={}&to={}&width={}", now - 5'000, now, width));
  }
}

TEST_F(PooledAnswers, StatsAreTheSameOnAPoolAsOnOneThread) {
  // More series than the pool's 16 parts: some parts take a run of several series.
  fill(37);
  for (const auto from : {now - 4'200'000, now - 3'600'000, now - 25 * 60'000, now - 5'000}) {
    api.expect_same(fmt::format("/api/stats?from={}&to={}", from, now));
    api.expect_same(fmt::format("/api/stats?series=c/s3&from={}&to={}", from, now));
    api.expect_same(fmt::format("/api/stats?series=c/idle&series=c/s5&series=c/s4&from={}&to={}", from, now));
  }
  // The answer holds every series once, in order, idle ones included.
  const auto all = twin_apis::ask(api.first, fmt::format("/api/stats?from={}&to={}", now - 3'600'000, now));
  std::size_t entries = 0;
  for (auto at = all.find(R"({"series":)"); at != std::string::npos; at = all.find(R"({"series":)", at + 1)) ++entries;
  EXPECT_EQ(entries, 38U);
  EXPECT_NE(all.find(R"({"series":"c/idle","count":0,"min":null)"), std::string::npos) << all.substr(0, 300);
}

}  // namespace
}  // namespace telemetry::http
