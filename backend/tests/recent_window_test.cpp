#include "live/recent_window.hpp"

#include <gtest/gtest.h>

namespace telemetry::live {
namespace {

std::vector<point> read(const recent_window& w, timestamp_ms from, timestamp_ms to) {
  std::vector<point> out;
  w.visit("a/b", from, to, [&](const point& p) {
    out.push_back(p);
    return true;
  });
  return out;
}

TEST(RecentWindow, InOrderOutOfOrderAndDuplicates) {
  recent_window w(std::chrono::seconds(10));
  std::vector<point> fresh;
  const std::vector<point> first{{1000, 1}, {1100, 2}, {1300, 4}};
  w.insert("a/b", first, 2000, fresh);
  EXPECT_EQ(fresh.size(), 3U);
  fresh.clear();
  const std::vector<point> second{{1200, 3}, {1100, 99}, {1300, 99}, {1400, 5}};
  w.insert("a/b", second, 2000, fresh);
  EXPECT_EQ(fresh, (std::vector<point>{{1200, 3}, {1400, 5}}));
  EXPECT_EQ(read(w, 0, 5000), (std::vector<point>{{1000, 1}, {1100, 2}, {1200, 3}, {1300, 4}, {1400, 5}}));
  EXPECT_EQ(read(w, 1100, 1300).size(), 3U);
  EXPECT_EQ(w.size(), 5U);
}

TEST(RecentWindow, OlderThanTheWindowIsLeftToTheStore) {
  recent_window w(std::chrono::seconds(1));
  std::vector<point> fresh;
  const std::vector<point> points{{500, 1}, {1500, 2}};
  w.insert("a/b", points, 2000, fresh);  // window starts at 1000
  EXPECT_EQ(fresh, (std::vector<point>{{1500, 2}}));
  w.trim(3000);
  EXPECT_EQ(w.size(), 0U);
}

TEST(RecentWindow, StaysWithinBytesBudget) {
  recent_window w(std::chrono::hours(1));
  std::vector<point> points;
  for (int i = 0; i < 36000; ++i) points.push_back({1'000'000 + i * 100, 1.0});
  std::vector<point> fresh;
  w.insert("a/b", points, 1'000'000 + 36000 * 100, fresh);
  EXPECT_EQ(fresh.size(), 36000U);
  EXPECT_LE(w.bytes(), 36000U * 32U + 4096U);
}

struct seen_run {
  timestamp_ms start;
  std::vector<point> points;
  bool whole;
  bool operator==(const seen_run&) const = default;
};

std::vector<seen_run> runs(const recent_window& w, timestamp_ms from, timestamp_ms to, timestamp_ms run_ms) {
  std::vector<seen_run> out;
  w.visit_runs("a/b", from, to, run_ms, [&](const recent_window::point_run& run) {
    out.push_back({run.start, std::vector<point>(run.begin, run.end), run.whole});
    EXPECT_EQ(run.size(), out.back().points.size());
    return true;
  });
  return out;
}

TEST(RecentWindow, VisitsInRunsOfAlignedIntervals) {
  recent_window w(std::chrono::hours(1));
  std::vector<point> fresh;
  const std::vector<point> points{{-150, 0}, {-100, 1}, {0, 2}, {50, 3}, {99, 4}, {100, 5}, {250, 6}, {420, 7}};
  w.insert("a/b", points, 1000, fresh);
  // Runs of 100 ms: [-200, -100), [-100, 0), [0, 100), [100, 200), [200, 300), [400, 500).
  EXPECT_EQ(runs(w, -1000, 1000, 100), (std::vector<seen_run>{{-200, {{-150, 0}}, true},
                                                              {-100, {{-100, 1}}, true},
                                                              {0, {{0, 2}, {50, 3}, {99, 4}}, true},
                                                              {100, {{100, 5}}, true},
                                                              {200, {{250, 6}}, true},
                                                              {400, {{420, 7}}, true}}));
  // Cut by from and to: the first and last runs are not whole.
  EXPECT_EQ(
      runs(w, 50, 420, 100),
      (std::vector<seen_run>{
          {0, {{50, 3}, {99, 4}}, false}, {100, {{100, 5}}, true}, {200, {{250, 6}}, true}, {400, {{420, 7}}, false}}));
  EXPECT_EQ(runs(w, 0, 99, 100), (std::vector<seen_run>{{0, {{0, 2}, {50, 3}, {99, 4}}, true}}));
  EXPECT_TRUE(runs(w, 300, 399, 100).empty());
  // The visitor stops the walk.
  int calls = 0;
  w.visit_runs("a/b", -1000, 1000, 100, [&](const recent_window::point_run&) { return ++calls < 2; });
  EXPECT_EQ(calls, 2);
  // Every point once, in order, for any run length.
  for (const timestamp_ms run_ms : {1, 7, 100, 1'000'000}) {
    std::vector<point> all;
    for (const auto& run : runs(w, -1000, 1000, run_ms)) all.insert(all.end(), run.points.begin(), run.points.end());
    EXPECT_EQ(all, points) << run_ms;
  }
}

TEST(RecentWindow, CountsPointsInARange) {
  recent_window w(std::chrono::hours(1));
  std::vector<point> fresh;
  const std::vector<point> points{{10, 1}, {20, 2}, {30, 3}};
  w.insert("a/b", points, 100, fresh);
  EXPECT_EQ(w.count("a/b", 0, 100), 3U);
  EXPECT_EQ(w.count("a/b", 20, 30), 2U);
  EXPECT_EQ(w.count("a/b", 21, 29), 0U);
  EXPECT_EQ(w.count("a/b", 30, 10), 0U);
  EXPECT_EQ(w.count("x/y", 0, 100), 0U);
}

}  // namespace
}  // namespace telemetry::live
