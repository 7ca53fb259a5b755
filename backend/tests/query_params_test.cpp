#include "query/query_params.hpp"

#include <gtest/gtest.h>

#include "query/time_param.hpp"

namespace telemetry::query {
namespace {

query_params parse_ok(std::string_view text) {
  std::string error;
  auto params = query_params::parse(text, error);
  EXPECT_TRUE(params) << text << ": " << error;
  return params.value_or(query_params{});
}

TEST(QueryParams, RepeatedKeysAndDecoding) {
  const auto p = parse_ok("series=a%2Fb&series=c/d&from=1&x=a+b&empty=&&flag");
  EXPECT_EQ(p.all("series"), (std::vector<std::string_view>{"a/b", "c/d"}));
  EXPECT_EQ(p.first("from"), "1");
  EXPECT_EQ(p.first("x"), "a b");
  EXPECT_EQ(p.first("empty"), "");
  EXPECT_EQ(p.first("flag"), "");
  EXPECT_FALSE(p.first("missing"));
  const std::vector<std::string_view> all{"series", "from", "x", "empty", "flag"};
  EXPECT_EQ(p.unknown(all), std::nullopt);
  const std::vector<std::string_view> only_series{"series"};
  EXPECT_EQ(p.unknown(only_series), "from");
}

TEST(QueryParams, BadEncodingsAreErrors) {
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "a=%00", "%00=1", "a=b%0"}) {
    std::string error;
    EXPECT_FALSE(query_params::parse(bad, error)) << bad;
    EXPECT_FALSE(error.empty());
  }
  std::string many;
  for (int i = 0; i < 300; ++i) many += "a=1&";
  std::string error;
  EXPECT_FALSE(query_params::parse(many, error));
}

TEST(TimeParam, EpochAndIso8601) {
  EXPECT_EQ(parse_time("1764857000123"), 1764857000123);
  EXPECT_EQ(parse_time("2026-12-04T14:00:00Z"), 1796392800000);
  EXPECT_EQ(parse_time("2026-12-04T14:00:00.250Z"), 1796392800250);
  EXPECT_EQ(parse_time("2026-12-04T15:00:00+01:00"), 1796392800000);
  EXPECT_EQ(parse_time("2026-12-04T13:30:00-0030"), 1796392800000);
  EXPECT_EQ(parse_time("2026-12-04T14:00Z"), 1796392800000);
  EXPECT_EQ(parse_time("1970-01-01T00:00:00Z"), 0);
}

TEST(TimeParam, RejectsBadTimes) {
  for (const char* bad :
       {"", "abc", "-5", "1.5", "1e12", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-04T24:00:00Z",
        "2026-12-04T14:00:00", "2026-12-04", "2026-12-04T14:00:00Zjunk", "99999999999999999999",
        "10000-01-01T00:00:00Z", "2026-12-04T14:60:00Z", "1969-12-31T23:59:59Z"}) {
    EXPECT_FALSE(parse_time(bad)) << bad;
  }
}

TEST(TimeParam, Iso8601Output) {
  std::string out;
  append_iso8601(out, 1796392800250);
  EXPECT_EQ(out, "2026-12-04T14:00:00.250Z");
  EXPECT_EQ(parse_time(out), 1796392800250);
}

TEST(TimeRange, DefaultsAndErrors) {
  std::string error;
  const auto defaults = parse_time_range(parse_ok(""), 10'000'000, error);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->to, 10'000'000);
  EXPECT_EQ(defaults->from, 10'000'000 - 3'600'000);
  const auto only_to = parse_time_range(parse_ok("to=5000000"), 10'000'000, error);
  ASSERT_TRUE(only_to);
  EXPECT_EQ(only_to->from, 5'000'000 - 3'600'000);
  EXPECT_FALSE(parse_time_range(parse_ok("from=20&to=10"), 100, error));
  EXPECT_NE(error.find("after"), std::string::npos);
  EXPECT_FALSE(parse_time_range(parse_ok("from=yesterday"), 100, error));
  EXPECT_NE(error.find("from"), std::string::npos);
  const auto equal = parse_time_range(parse_ok("from=10&to=10"), 100, error);
  ASSERT_TRUE(equal);
}

TEST(Count, BoundsAndGarbage) {
  std::string error;
  EXPECT_EQ(parse_count(parse_ok(""), "limit", 7, 100, error), 7U);
  EXPECT_EQ(parse_count(parse_ok("limit=100"), "limit", 7, 100, error), 100U);
  for (const char* bad :
       {"limit=0", "limit=101", "limit=-1", "limit=1.5", "limit=", "limit=ten", "limit=99999999999999999999999"}) {
    EXPECT_FALSE(parse_count(parse_ok(bad), "limit", 7, 100, error)) << bad;
  }
}

}  // namespace
}  // namespace telemetry::query
