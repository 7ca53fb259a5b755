#include "telemetry/common/series_meta.hpp"

#include <gtest/gtest.h>

namespace telemetry {
namespace {

TEST(SeriesMeta, DecodesDesignExample) {
  series_meta meta;
  ASSERT_EQ(
      decode_meta(R"({"name": "Power Input", "unit": "kW", "min": 0, "max": 1200, "description": "DC power"})", meta),
      decode_error::none);
  EXPECT_EQ(meta.name, "Power Input");
  EXPECT_EQ(meta.unit, "kW");
  EXPECT_EQ(meta.min, 0.0);
  EXPECT_EQ(meta.max, 1200.0);
  EXPECT_EQ(meta.description, "DC power");
}

TEST(SeriesMeta, RoundTripWithUnicodeAndEscapes) {
  const series_meta in{"Temp \"stack\"\n", "°C", -40.5, std::nullopt, "tab\there"};
  series_meta out;
  ASSERT_EQ(decode_meta(encode_meta(in), out), decode_error::none) << encode_meta(in);
  EXPECT_EQ(out, in);
}

TEST(SeriesMeta, FieldsAreOptional) {
  series_meta meta;
  ASSERT_EQ(decode_meta("{}", meta), decode_error::none);
  EXPECT_TRUE(meta.name.empty());
  EXPECT_FALSE(meta.min);
}

TEST(SeriesMeta, RejectsBadInput) {
  series_meta meta{"keep", "", {}, {}, ""};
  EXPECT_EQ(decode_meta("[]", meta), decode_error::bad_shape);
  EXPECT_EQ(decode_meta("{", meta), decode_error::bad_json);
  EXPECT_EQ(decode_meta(R"({"name":1})", meta), decode_error::bad_value);
  EXPECT_EQ(decode_meta(R"({"min":"0"})", meta), decode_error::bad_value);
  EXPECT_EQ(decode_meta(R"({"max":NaN})", meta), decode_error::bad_json);
  EXPECT_EQ(decode_meta("{\"unit\":\"\xff\"}", meta), decode_error::bad_utf8);
  EXPECT_EQ(decode_meta(R"({"name":")" + std::string(300, 'x') + "\"}", meta), decode_error::bad_value);
  EXPECT_EQ(decode_meta(R"({"description":")" + std::string(5000, 'x') + "\"}", meta), decode_error::too_large);
  EXPECT_EQ(meta.name, "keep");
}

}  // namespace
}  // namespace telemetry
