#include "telemetry/common/duration.hpp"

#include <gtest/gtest.h>

namespace telemetry {
namespace {

using std::chrono::milliseconds;

TEST(Duration, ParsesUnitsAndPlainSeconds) {
  EXPECT_EQ(parse_duration("500ms"), milliseconds(500));
  EXPECT_EQ(parse_duration("90s"), milliseconds(90'000));
  EXPECT_EQ(parse_duration("15m"), milliseconds(900'000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(parse_duration("7d"), milliseconds(604'800'000));
  EXPECT_EQ(parse_duration("30"), milliseconds(30'000));
  EXPECT_EQ(parse_duration("2.5"), milliseconds(2'500));
  EXPECT_EQ(parse_duration("1.5s"), milliseconds(1'500));
  EXPECT_EQ(parse_duration("0"), milliseconds(0));
}

TEST(Duration, AcceptsCompounds) {
  EXPECT_EQ(parse_duration("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(parse_duration("1m30s500ms"), milliseconds(90'500));
  EXPECT_EQ(parse_duration("1d12h"), milliseconds(129'600'000));
}

TEST(Duration, RejectsMalformedText) {
  for (const char* bad :
       {"", "s", "-5s", "5x", "5 s", " 5s", "1.2.3s", ".5s", "5.s", "1h30", "abc", "1e3", "5ss", "1H", "1hour", "h1"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

TEST(Duration, RejectsHugeValues) {
  EXPECT_FALSE(parse_duration("1000000000h").has_value());
  EXPECT_FALSE(parse_duration("99999999999999999999s").has_value());
  EXPECT_TRUE(parse_duration("8760h").has_value());
}

}  // namespace
}  // namespace telemetry
