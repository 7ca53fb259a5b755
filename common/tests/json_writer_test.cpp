#include "telemetry/common/json_writer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
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

// Found by fuzz/fuzz_payload_codec: 1.2345678901234568e20 came out as 123456789012345683968,
// an integer too wide for 64-bit JSON readers, so the producer's payload was refused.
TEST(JsonWriter, LargeIntegralDoublesKeepAnExponent) {
  EXPECT_EQ(number(1.2345678901234568e20), "1.2345678901234568e+20");
  EXPECT_EQ(number(-1.2345678901234567e19), "-1.2345678901234567e+19");
  EXPECT_EQ(number(0x1p63), "9.223372036854776e+18");
  EXPECT_EQ(number(1234567890123456800.0), "1234567890123456768");  // below 2^63: fits int64
}

// write_number is the same text for writers that format a whole token on the stack.
TEST(JsonWriter, WriteNumberEqualsAppendNumber) {
  for (const double v : {0.0, -0.0, 1e-7, 0.1, -2.2250738585072014e-308, 4.9e-324, 1.7976931348623157e308, 0x1p63,
                         -0x1p63, 9.2233720368547748e18, 612.4123456789012, std::nan(""), HUGE_VAL}) {
    std::array<char, max_double_chars> text{};
    char* end = write_number(text.data(), text.data() + text.size(), v);
    EXPECT_EQ(std::string(text.data(), end), number(v)) << v;
  }
}

TEST(JsonWriter, IntegersAndStrings) {
  std::string out;
  append_number(out, std::int64_t{-42});
  out += ' ';
  append_string(out, "a\"b\\c\n\x01°");
  EXPECT_EQ(out, "-42 \"a\\\"b\\\\c\\n\\u0001°\"");
}

std::string string(std::string_view text) {
  std::string out;
  append_string(out, text);
  return out;
}

// Found by fuzz/fuzz_http_request: a query with raw bytes such as %DF echoed in a 400 message
// made the error body invalid JSON.
TEST(JsonWriter, MalformedUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(string("\u00e9\u20ac\U0001F600"), "\"\u00e9\u20ac\U0001F600\"");  // 2, 3 and 4 bytes kept
  EXPECT_EQ(string("a\xDF\xDF\x62"), "\"a\uFFFD\uFFFDb\"");                   // leads without continuation
  EXPECT_EQ(string("\xE2\x82"), "\"\uFFFD\uFFFD\"");                          // cut in the middle of a character
  EXPECT_EQ(string("\x80\xFF"), "\"\uFFFD\uFFFD\"");                          // continuation, never a lead
  EXPECT_EQ(string("\xC0\xAF"), "\"\uFFFD\uFFFD\"");                          // overlong '/'
  EXPECT_EQ(string("\xED\xA0\x80"), "\"\uFFFD\uFFFD\uFFFD\"");                // surrogate
  EXPECT_EQ(string("\xF4\x90\x80\x80"), "\"\uFFFD\uFFFD\uFFFD\uFFFD\"");      // above U+10FFFF
}

}  // namespace
}  // namespace telemetry::json
