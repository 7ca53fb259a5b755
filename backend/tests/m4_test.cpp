#include "query/m4.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace telemetry::query {
namespace {

using store::point;

std::vector<point> decimate(const std::vector<point>& in, timestamp_ms from, timestamp_ms to, std::size_t width) {
  m4_decimator m4(from, to, width);
  for (const auto& p : in) m4.add(p);
  std::vector<point> out;
  m4.finish(out);
  return out;
}

TEST(M4, EmptyOneAndTwoPoints) {
  EXPECT_TRUE(decimate({}, 0, 1000, 10).empty());
  EXPECT_EQ(decimate({{5, 1.0}}, 0, 1000, 10), (std::vector<point>{{5, 1.0}}));
  EXPECT_EQ(decimate({{5, 1.0}, {6, 2.0}}, 0, 1000, 10), (std::vector<point>{{5, 1.0}, {6, 2.0}}));
}

TEST(M4, KeepsFirstMinMaxLastPerColumnInTimeOrder) {
  // One column: 0..99 with a spike down at 30 and up at 70.
  std::vector<point> in;
  for (int i = 0; i < 100; ++i) in.push_back({i, i == 30 ? -5.0 : (i == 70 ? 9.0 : 1.0)});
  EXPECT_EQ(decimate(in, 0, 99, 1), (std::vector<point>{{0, 1.0}, {30, -5.0}, {70, 9.0}, {99, 1.0}}));
}

TEST(M4, AtMostFourPointsPerColumnAndExtremaPreserved) {
  std::vector<point> in;
  for (int i = 0; i < 36000; ++i) in.push_back({1000 + i * 100, std::sin(i * 0.01) * 100 + (i % 7)});
  const auto out = decimate(in, 1000, 1000 + 35999 * 100, 1000);
  EXPECT_LE(out.size(), 4000U);
  EXPECT_GE(out.size(), 2000U);
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LT(out[i - 1].ts, out[i].ts);
  double in_min = 1e9, in_max = -1e9, out_min = 1e9, out_max = -1e9;
  for (const auto& p : in) in_min = std::min(in_min, p.value), in_max = std::max(in_max, p.value);
  for (const auto& p : out) out_min = std::min(out_min, p.value), out_max = std::max(out_max, p.value);
  EXPECT_EQ(in_min, out_min);
  EXPECT_EQ(in_max, out_max);
  EXPECT_EQ(out.front(), in.front());
  EXPECT_EQ(out.back(), in.back());
}

TEST(M4, EqualValuesCollapseToFirstAndLast) {
  std::vector<point> in;
  for (int i = 0; i < 50; ++i) in.push_back({i, 3.0});
  EXPECT_EQ(decimate(in, 0, 49, 1), (std::vector<point>{{0, 3.0}, {49, 3.0}}));
}

TEST(M4, IgnoresPointsOutsideTheRangeAndUsesExactColumnEdges) {
  const std::vector<point> in{{-1, 100.0}, {0, 1.0}, {4, 2.0}, {5, 3.0}, {9, 4.0}, {10, 100.0}};
  // width 2 over [0, 9]: columns [0,4] and [5,9].
  EXPECT_EQ(decimate(in, 0, 9, 2), (std::vector<point>{{0, 1.0}, {4, 2.0}, {5, 3.0}, {9, 4.0}}));
}

TEST(M4, NeverProducesNaN) {
  std::vector<point> in{{1, -0.0}, {2, 1e308}, {3, -1e308}, {4, 5e-324}};
  for (const auto& p : decimate(in, 0, 10, 3)) EXPECT_FALSE(std::isnan(p.value));
}

// Columns are found by comparing with the open column's end rather than dividing per point:
// the answer must equal a reference that divides for every point, for widths that do and do
// not divide the range, and for irregular spacing.
TEST(M4, MatchesPerPointColumnReference) {
  std::uint64_t state = 7;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33U;
  };
  for (const std::size_t width : {1UL, 3UL, 7UL, 1000UL, 4096UL}) {
    const timestamp_ms from = 1'700'000'000'000 + static_cast<timestamp_ms>(next() % 1000);
    const timestamp_ms to = from + 3'600'000 - 1 - static_cast<timestamp_ms>(next() % 777);
    std::vector<point> in;
    for (timestamp_ms ts = from - 500; ts <= to + 500; ts += 1 + static_cast<timestamp_ms>(next() % 250)) {
      in.push_back({ts, static_cast<double>(next() % 1000)});
    }
    // Reference: group by the exact column of each point.
    const auto span = static_cast<std::uint64_t>(to - from) + 1;
    std::vector<point> expected;
    std::size_t i = 0;
    while (i < in.size()) {
      if (in[i].ts < from || in[i].ts > to) {
        ++i;
        continue;
      }
      const auto column = static_cast<std::uint64_t>(in[i].ts - from) * width / span;
      point first = in[i], low = in[i], high = in[i], last = in[i];
      std::size_t j = i + 1;
      for (; j < in.size() && in[j].ts <= to && static_cast<std::uint64_t>(in[j].ts - from) * width / span == column;
           ++j) {
        if (in[j].value < low.value) low = in[j];
        if (in[j].value > high.value) high = in[j];
        last = in[j];
      }
      std::vector<point> picks{first, low, high, last};
      std::sort(picks.begin(), picks.end(), [](const point& a, const point& b) { return a.ts < b.ts; });
      for (const auto& p : picks) {
        if (expected.empty() || expected.back().ts != p.ts) expected.push_back(p);
      }
      i = j;
    }
    const auto out = decimate(in, from, to, width);
    ASSERT_EQ(out.size(), expected.size()) << "width " << width;
    for (std::size_t k = 0; k < out.size(); ++k) {
      EXPECT_EQ(out[k].ts, expected[k].ts) << "width " << width << ", point " << k;
      EXPECT_EQ(out[k].value, expected[k].value) << "width " << width << ", point " << k;
    }
  }
}

// A chart feeds the recent window in runs; any split of the input must give the same answer
// as feeding it point by point (which add(p) does through a run of one).
TEST(M4, RunsOfAnyLengthMatchPointByPoint) {
  std::uint64_t state = 11;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33U;
  };
  const timestamp_ms from = 1'000'000;
  const timestamp_ms to = from + 600'000 - 1;
  std::vector<point> in;
  for (timestamp_ms ts = from - 5'000; ts <= to + 5'000; ts += 1 + static_cast<timestamp_ms>(next() % 200)) {
    in.push_back({ts, static_cast<double>(next() % 1000) - 500.0});
  }
  for (const std::size_t width : {1UL, 13UL, 1000UL}) {
    const auto expected = decimate(in, from, to, width);
    for (const std::size_t max_run : {1UL, 2UL, 17UL, 1000UL, 100000UL}) {
      m4_decimator m4(from, to, width);
      for (std::size_t i = 0; i < in.size();) {
        const auto n = std::min<std::size_t>(in.size() - i, 1 + next() % max_run);
        m4.add(in.begin() + static_cast<std::ptrdiff_t>(i), in.begin() + static_cast<std::ptrdiff_t>(i + n));
        i += n;
      }
      std::vector<point> out;
      m4.finish(out);
      EXPECT_EQ(out, expected) << "width " << width << ", runs up to " << max_run;
    }
  }
}

// A chart is decimated in slices of its columns on several threads: the slices, one after the
// other, must give what the whole grid gives, wherever the slices are cut.
TEST(M4, ColumnSlicesJoinToTheWholeGrid) {
  std::uint64_t state = 5;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33U;
  };
  const timestamp_ms from = 1'700'000'000'123;
  const timestamp_ms to = from + 3'600'000 - 1 - 777;
  std::vector<point> in;
  for (timestamp_ms ts = from - 1'000; ts <= to + 1'000; ts += 1 + static_cast<timestamp_ms>(next() % 300)) {
    in.push_back({ts, static_cast<double>(next() % 1000)});
  }
  for (const std::size_t width : {1UL, 2UL, 999UL, 1000UL, 10000UL}) {
    const auto whole = decimate(in, from, to, width);
    for (const std::size_t slices : {1UL, 2UL, 3UL, 7UL}) {
      std::vector<point> joined;
      timestamp_ms expected_first = from;
      for (std::size_t s = 0; s < slices; ++s) {
        m4_decimator m4(from, to, width, width * s / slices, width * (s + 1) / slices);
        EXPECT_EQ(m4.first_ts(), expected_first);  // the slices tile [from, to]
        expected_first = m4.last_ts() + 1;
        for (const auto& p : in) m4.add(p);
        m4.finish(joined);
      }
      EXPECT_EQ(expected_first, to + 1);
      EXPECT_EQ(joined, whole) << "width " << width << ", slices " << slices;
    }
  }
}

}  // namespace
}  // namespace telemetry::query
