#include "telemetry/common/duration.hpp"

#include <gtest/gtest.h>

namespace telemetry {
namespace {

using std::chrono::milliseconds;

TEST(Duration, ParsesUnits) {
  EXPECT_EQ(parse_duration("500ms"), milliseconds(500));
  EXPECT_EQ(parse_duration("90s"), milliseconds(90'000));
  EXPECT_EQ(parse_duration("90"), milliseconds(90'000));
  EXPECT_EQ(parse_duration("15m"), milliseconds(900'000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(parse_duration("7d"), milliseconds(604'800'000));
  EXPECT_EQ(parse_duration("0"), milliseconds(0));
}

TEST(Duration, RejectsBadText) {
  for (const char* bad :
       {"", "s", "-1s", "1.5s", "1 h", "1hour", "h1", "1H", "99999999999999999999s", "9223372036854775807d"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
}

}  // namespace
}  // namespace telemetry
