#include "store_conformance.hpp"

#include <algorithm>

namespace telemetry::store::testing {
namespace {

constexpr timestamp_ms t0 = 1764857000000;

std::vector<point> ramp(timestamp_ms from, int count, timestamp_ms step = 100) {
  std::vector<point> out;
  for (int i = 0; i < count; ++i) out.push_back({from + i * step, static_cast<double>(i) * 0.5});
  return out;
}

TEST_P(StoreConformance, WritesAndReadsRangesInclusive) {
  const std::vector<series_points> batch{{"plant/a", ramp(t0, 100)}, {"plant/b", ramp(t0, 10, 1000)}};
  ASSERT_TRUE(store_->write(batch).ok());
  EXPECT_EQ(read("plant/a", t0, t0 + 99 * 100), batch[0].points);
  EXPECT_EQ(read("plant/b", t0, t0 + 9000), batch[1].points);
  const auto middle = read("plant/a", t0 + 1000, t0 + 2000);
  ASSERT_EQ(middle.size(), 11U);
  EXPECT_EQ(middle.front().ts, t0 + 1000);
  EXPECT_EQ(middle.back().ts, t0 + 2000);
}

TEST_P(StoreConformance, EmptyRangesAndUnknownSeries) {
  ASSERT_TRUE(store_->write(std::vector<series_points>{{"plant/a", ramp(t0, 10)}}).ok());
  EXPECT_TRUE(read("plant/a", t0 - 1000, t0 - 1).empty());
  EXPECT_TRUE(read("plant/a", t0 + 10000, t0 + 20000).empty());
  EXPECT_TRUE(read("plant/none", t0, t0 + 1000).empty());
}

TEST_P(StoreConformance, LimitAndResumeAfterLastTs) {
  ASSERT_TRUE(store_->write(std::vector<series_points>{{"plant/a", ramp(t0, 25)}}).ok());
  std::vector<point> all;
  timestamp_ms from = t0;
  for (int page = 0; page < 10; ++page) {
    const auto chunk = read("plant/a", from, t0 + 100000, 10);
    all.insert(all.end(), chunk.begin(), chunk.end());
    if (chunk.size() < 10) break;
    from = chunk.back().ts + 1;
  }
  EXPECT_EQ(all, ramp(t0, 25));
}

TEST_P(StoreConformance, DuplicatesAreStoredOnce) {
  const std::vector<series_points> batch{{"plant/a", ramp(t0, 10)}};
  ASSERT_TRUE(store_->write(batch).ok());
  ASSERT_TRUE(store_->write(batch).ok());
  std::vector<point> overlapping = ramp(t0 + 500, 10);
  ASSERT_TRUE(store_->write(std::vector<series_points>{{"plant/a", overlapping}}).ok());
  const auto stored = read("plant/a", t0, t0 + 100000);
  ASSERT_EQ(stored.size(), 15U);
  for (std::size_t i = 1; i < stored.size(); ++i) EXPECT_LT(stored[i - 1].ts, stored[i].ts);
  // The first write of a (series, ts) wins.
  EXPECT_EQ(stored[5], (point{t0 + 500, 2.5}));
}

TEST_P(StoreConformance, OutOfOrderWritesReadInOrder) {
  auto points = ramp(t0, 50);
  std::reverse(points.begin(), points.end());
  std::rotate(points.begin(), points.begin() + 17, points.end());
  ASSERT_TRUE(store_->write(std::vector<series_points>{{"plant/a", points}}).ok());
  EXPECT_EQ(read("plant/a", t0, t0 + 100000), ramp(t0, 50));
}

TEST_P(StoreConformance, RetentionDeletesOnlyOlderSamples) {
  ASSERT_TRUE(store_->write(std::vector<series_points>{{"plant/a", ramp(t0, 100)}, {"plant/b", ramp(t0, 100)}}).ok());
  ASSERT_TRUE(store_->delete_before(t0 + 5000).ok());
  for (const char* series : {"plant/a", "plant/b"}) {
    const auto left = read(series, 0, t0 + 100000);
    ASSERT_EQ(left.size(), 50U) << series;
    EXPECT_EQ(left.front().ts, t0 + 5000);
  }
}

TEST_P(StoreConformance, SeriesMetadataUpsertAndList) {
  ASSERT_TRUE(store_->upsert_series({"plant/a", {"Power", "kW", 0.0, 1200.0, "DC input"}}).ok());
  ASSERT_TRUE(store_->upsert_series({"plant/b", {"Temp", "°C", std::nullopt, std::nullopt, ""}}).ok());
  ASSERT_TRUE(store_->upsert_series({"plant/a", {"Power Input", "kW", 0.0, 1500.0, ""}}).ok());
  std::vector<series_record> listed;
  ASSERT_TRUE(store_->list_series(listed).ok());
  std::sort(listed.begin(), listed.end(), [](const auto& x, const auto& y) { return x.series < y.series; });
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_EQ(listed[0].series, "plant/a");
  EXPECT_EQ(listed[0].meta, (series_meta{"Power Input", "kW", 0.0, 1500.0, ""}));
  EXPECT_EQ(listed[1].meta.unit, "°C");
  EXPECT_FALSE(listed[1].meta.min);
}

TEST_P(StoreConformance, SeriesWithSamplesAreListed) {
  ASSERT_TRUE(store_->write(std::vector<series_points>{{"plant/c", ramp(t0, 3)}}).ok());
  std::vector<series_record> listed;
  ASSERT_TRUE(store_->list_series(listed).ok());
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].series, "plant/c");
  EXPECT_TRUE(store_->ping().ok());
}

TEST_P(StoreConformance, ScanStopsWhenVisitorSaysSo) {
  ASSERT_TRUE(store_->write(std::vector<series_points>{{"plant/a", ramp(t0, 100)}}).ok());
  int seen = 0;
  ASSERT_TRUE(store_->scan({"plant/a", t0, t0 + 100000, 0}, [&](const point&) { return ++seen < 7; }).ok());
  EXPECT_EQ(seen, 7);
}

}  // namespace
}  // namespace telemetry::store::testing
