#include "telemetry/common/json_writer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace telemetry::json {
namespace {

std::string number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

TEST(JsonWriter, ShortestRoundTripNumbers) {
  EXPECT_EQ(number(0.1), "0.1");
  EXPECT_EQ(number(612.4), "612.4");
  EXPECT_EQ(number(1e21), "1e+21");
  EXPECT_EQ(number(-0.0), "-0");
  EXPECT_EQ(std::stod(number(0.1 + 0.2)), 0.1 + 0.2);
  EXPECT_EQ(number(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(number(std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonWriter, IntegersAndStrings) {
  std::string out;
  append_number(out, std::int64_t{-42});
  out += ' ';
  append_string(out, "a\"b\\c\n\x01°");
  EXPECT_EQ(out, "-42 \"a\\\"b\\\\c\\n\\u0001°\"");
}

}  // namespace
}  // namespace telemetry::json
