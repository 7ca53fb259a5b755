#include "store/chunk_codec.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace telemetry::store {
namespace {

std::vector<point> round_trip(const std::vector<point>& points) {
  std::string blob;
  encode_chunk(points, blob);
  std::vector<point> back;
  EXPECT_TRUE(decode_chunk(blob, back));
  return back;
}

TEST(ChunkCodec, EmptyAndSinglePoint) {
  EXPECT_TRUE(round_trip({}).empty());
  const std::vector<point> one{{1764857000123, 612.4}};
  EXPECT_EQ(round_trip(one), one);
}

TEST(ChunkCodec, KeepsEveryBitOfValuesAndTimes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<point> points{{std::numeric_limits<std::int64_t>::min() + 1, -0.0},
                                  {-5, std::numeric_limits<double>::denorm_min()},
                                  {0, 0.0},
                                  {1, std::numeric_limits<double>::max()},
                                  {2, -std::numeric_limits<double>::infinity()},
                                  {3, 1.0},
                                  {4, 1.0},
                                  {std::numeric_limits<std::int64_t>::max(), 1e-300}};
  const auto back = round_trip(points);
  ASSERT_EQ(back.size(), points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(back[i].ts, points[i].ts);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back[i].value), std::bit_cast<std::uint64_t>(points[i].value)) << i;
  }
  // NaN never reaches the store (the codec rejects it), but its bits would survive too.
  const auto nan_back = round_trip({{1, nan}});
  EXPECT_TRUE(std::isnan(nan_back.front().value));
}

TEST(ChunkCodec, RegularSensorDataTakesAboutHalfOfRawSize) {
  std::mt19937_64 random(7);
  std::normal_distribution<double> noise(0.0, 2.0);
  std::vector<point> points;
  for (int i = 0; i < 2048; ++i) points.push_back({1764857000000 + 100 * i, 600.0 + noise(random)});
  std::string blob;
  encode_chunk(points, blob);
  EXPECT_LT(blob.size(), points.size() * 10) << "ts delta 1 byte, value at most 8 + control";
  std::vector<point> back;
  ASSERT_TRUE(decode_chunk(blob, back));
  EXPECT_EQ(back, points);
}

TEST(ChunkCodec, AppendsToWhatTheCallerHolds) {
  std::string blob;
  encode_chunk(std::vector<point>{{5, 1.5}, {6, 2.5}}, blob);
  std::vector<point> out{{1, 0.0}};
  ASSERT_TRUE(decode_chunk(blob, out));
  EXPECT_EQ(out, (std::vector<point>{{1, 0.0}, {5, 1.5}, {6, 2.5}}));
}

TEST(ChunkCodec, EveryTruncationOrCorruptionIsReportedNotRead) {
  std::vector<point> points;
  for (int i = 0; i < 50; ++i) points.push_back({1000 + 10 * i, std::sin(i) * 100});
  std::string blob;
  encode_chunk(points, blob);
  for (std::size_t size = 0; size < blob.size(); ++size) {
    std::vector<point> out{{1, 1.0}};
    EXPECT_FALSE(decode_chunk(std::string_view(blob).substr(0, size), out)) << size;
    EXPECT_EQ(out.size(), 1U) << "a failed decode leaves the output as it was";
  }
  std::vector<point> out;
  EXPECT_FALSE(decode_chunk(blob + "x", out)) << "trailing bytes";
  std::string wrong_version = blob;
  wrong_version[0] = 9;
  EXPECT_FALSE(decode_chunk(wrong_version, out));
  // Flipping any single byte never crashes: it decodes to something or reports damage.
  for (std::size_t i = 0; i < blob.size(); ++i) {
    std::string flipped = blob;
    flipped[i] = static_cast<char>(flipped[i] ^ 0xff);
    std::vector<point> any;
    (void)decode_chunk(flipped, any);
  }
}

TEST(ChunkCodec, ACountBeyondTheBlobIsDamage) {
  // version 1, count 2^35 as a varint, then nothing.
  const std::string blob{'\x01', '\x80', '\x80', '\x80', '\x80', '\x01'};
  std::vector<point> out;
  EXPECT_FALSE(decode_chunk(blob, out));
}

}  // namespace
}  // namespace telemetry::store
