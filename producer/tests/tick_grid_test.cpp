#include "tick_grid.hpp"

#include <gtest/gtest.h>

namespace telemetry::producer {
namespace {

constexpr timestamp_ms now_ms = 1764857000123;

TEST(TickGrid, TenHertzIsEveryHundredMilliseconds) {
  const auto grid = *tick_grid::from_hz(10);
  const auto k = grid.first_at_or_after(now_ms);
  EXPECT_EQ(grid.ts(k), 1764857000200);
  EXPECT_EQ(grid.ts(k - 1), 1764857000100);
  // seq is the grid index: ts * rate / 1000.
  EXPECT_EQ(tick_grid::seq(k), static_cast<std::uint64_t>(grid.ts(k) * 10 / 1000));
  EXPECT_EQ(grid.ts(k + 1) - grid.ts(k), 100);
}

TEST(TickGrid, TimestampOnTheGridMapsToItself) {
  const auto grid = *tick_grid::from_hz(10);
  EXPECT_EQ(grid.ts(grid.first_at_or_after(1764857000100)), 1764857000100);
  EXPECT_EQ(grid.first_at_or_after(0), 0);
}

TEST(TickGrid, RatesThatDoNotDivideASecondUseTheFloor) {
  const auto grid = *tick_grid::from_hz(3);
  EXPECT_EQ(grid.ts(0), 0);
  EXPECT_EQ(grid.ts(1), 333);
  EXPECT_EQ(grid.ts(2), 666);
  EXPECT_EQ(grid.ts(3), 1000);
  const auto k = grid.first_at_or_after(now_ms);
  EXPECT_GE(grid.ts(k), now_ms);
  EXPECT_LT(grid.ts(k - 1), now_ms);
  EXPECT_EQ(grid.ts(k), k * 1000 / 3);
}

TEST(TickGrid, SameInstantGivesSameTickAcrossRestarts) {
  // Two producers started at different moments agree on every tick they share.
  const auto grid = *tick_grid::from_hz(7.5);
  const auto first = grid.first_at_or_after(now_ms);
  const auto later = grid.first_at_or_after(now_ms + 12'345);
  for (auto k = later; k < later + 50; ++k) {
    EXPECT_EQ(grid.ts(k), tick_grid(7'500).ts(k));
    EXPECT_GT(grid.ts(k + 1), grid.ts(k));
  }
  EXPECT_GT(later, first);
}

TEST(TickGrid, TimestampsAreStrictlyIncreasingUpToTheMaximumRate) {
  for (const double hz : {0.001, 0.5, 1.0, 3.0, 10.0, 333.0, 999.0, 1000.0}) {
    const auto grid = *tick_grid::from_hz(hz);
    const auto k = grid.first_at_or_after(now_ms);
    for (auto i = k; i < k + 2000; ++i) ASSERT_GT(grid.ts(i + 1), grid.ts(i)) << hz;
  }
}

TEST(TickGrid, RejectsRatesOutOfRange) {
  EXPECT_FALSE(tick_grid::from_hz(0).has_value());
  EXPECT_FALSE(tick_grid::from_hz(-1).has_value());
  EXPECT_FALSE(tick_grid::from_hz(1000.5).has_value());
  EXPECT_FALSE(tick_grid::from_hz(0.0001).has_value());
  EXPECT_FALSE(tick_grid::from_hz(std::numeric_limits<double>::quiet_NaN()).has_value());
  EXPECT_THROW(tick_grid(0), std::invalid_argument);
}

}  // namespace
}  // namespace telemetry::producer
