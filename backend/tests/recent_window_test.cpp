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

}  // namespace
}  // namespace telemetry::live
