#include "telemetry/common/series_id.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace telemetry {
namespace {

TEST(SeriesId, ValidSegments) {
  EXPECT_TRUE(is_valid_segment("a"));
  EXPECT_TRUE(is_valid_segment("electrolyzer-1"));
  EXPECT_TRUE(is_valid_segment("h2_production"));
  EXPECT_TRUE(is_valid_segment("0abc"));
  EXPECT_TRUE(is_valid_segment(std::string(64, 'x')));
}

TEST(SeriesId, InvalidSegments) {
  for (const std::string& bad : std::vector<std::string>{"", "-a", "_a", "A", "aB", "a b", "a/b", "a+", "a#", "a.b",
                                                         "ü", std::string(65, 'x'), std::string("a\0b", 3)}) {
    EXPECT_FALSE(is_valid_segment(bad)) << bad;
  }
}

TEST(SeriesId, ParseAndFormat) {
  const auto id = parse_series_id("electrolyzer-1/power_input");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->source, "electrolyzer-1");
  EXPECT_EQ(id->signal, "power_input");
  EXPECT_EQ(id->str(), "electrolyzer-1/power_input");
  for (const char* bad : {"", "a", "a/", "/b", "a/b/c", "A/b", "a//b"}) {
    EXPECT_FALSE(parse_series_id(bad)) << bad;
  }
}

TEST(Topic, SampleMetaStatus) {
  const auto sample = parse_topic("telemetry/electrolyzer-1/temperature");
  ASSERT_TRUE(sample);
  EXPECT_EQ(sample->kind, topic_kind::sample);
  EXPECT_EQ(sample->series, (series_id{"electrolyzer-1", "temperature"}));

  const auto meta = parse_topic("telemetry/electrolyzer-1/temperature/meta");
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->kind, topic_kind::meta);
  EXPECT_EQ(meta->series.signal, "temperature");

  const auto status = parse_topic("telemetry/electrolyzer-1/status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->kind, topic_kind::status);
  EXPECT_EQ(status->series.source, "electrolyzer-1");
}

TEST(Topic, RejectsBadTopics) {
  for (const char* bad : {"", "telemetry", "telemetry/", "telemetry/a", "telemetry/a/", "other/a/b", "Telemetry/a/b",
                          "telemetry/a/b/c", "telemetry/a/b/meta/x", "telemetry//b", "telemetry/A/b", "telemetry/a/B",
                          "telemetry/a/b/", "/telemetry/a/b", "telemetry/a/-b", "telemetry/a/b c"}) {
    EXPECT_FALSE(parse_topic(bad)) << bad;
  }
}

// Found by fuzz/fuzz_topic: "x/status" was a valid series id whose sample topic,
// telemetry/x/status, is the producer's status topic, so its samples were rejected as bad
// status messages.
TEST(SeriesId, StatusIsNotASignal) {
  EXPECT_TRUE(is_valid_segment("status"));
  EXPECT_FALSE(is_valid_signal("status"));
  EXPECT_TRUE(is_valid_signal("status_word"));
  EXPECT_FALSE(parse_series_id("electrolyzer-1/status"));
  EXPECT_FALSE(parse_topic("telemetry/electrolyzer-1/status/meta"));
  EXPECT_EQ(parse_topic("telemetry/status/power")->series, (series_id{"status", "power"}));
}

TEST(Topic, FormatsRoundTrip) {
  const series_id id{"src", "sig"};
  EXPECT_EQ(sample_topic(id), "telemetry/src/sig");
  EXPECT_EQ(meta_topic(id), "telemetry/src/sig/meta");
  EXPECT_EQ(status_topic("src"), "telemetry/src/status");
  EXPECT_EQ(parse_topic(sample_topic(id))->series, id);
  EXPECT_EQ(parse_topic(meta_topic(id))->kind, topic_kind::meta);
}

}  // namespace
}  // namespace telemetry
