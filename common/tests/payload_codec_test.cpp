#include "telemetry/common/payload_codec.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace telemetry {
namespace {

std::vector<sample> decode_ok(std::string_view payload) {
  std::vector<sample> out;
  EXPECT_EQ(decode_samples(payload, out), decode_error::none) << payload;
  return out;
}

decode_error decode_fail(std::string_view payload, std::size_t max_bytes = default_max_payload_bytes) {
  std::vector<sample> out{sample{1, 2.0, {}}};
  const auto error = decode_samples(payload, out, max_bytes);
  EXPECT_EQ(out.size(), 1U) << "a rejected payload must not append anything: " << payload;
  return error;
}

TEST(PayloadCodec, DecodesOneObject) {
  const auto samples = decode_ok(R"({"ts": 1764857000123, "value": 612.4, "seq": 42})");
  ASSERT_EQ(samples.size(), 1U);
  EXPECT_EQ(samples[0].ts, 1764857000123);
  EXPECT_DOUBLE_EQ(samples[0].value, 612.4);
  EXPECT_EQ(samples[0].seq, 42U);
}

TEST(PayloadCodec, DecodesArrayIntegersAndOptionalSeq) {
  const auto samples = decode_ok(R"([{"ts":1,"value":-3},{"ts":2,"value":1e3,"seq":18446744073709551615},
                                     {"ts":3,"value":0.5,"extra":"ignored"}])");
  ASSERT_EQ(samples.size(), 3U);
  EXPECT_DOUBLE_EQ(samples[0].value, -3.0);
  EXPECT_FALSE(samples[0].seq);
  EXPECT_EQ(samples[1].seq, std::numeric_limits<std::uint64_t>::max());
  EXPECT_DOUBLE_EQ(samples[2].value, 0.5);
}

TEST(PayloadCodec, RoundTrip) {
  const std::vector<sample> in{{1764857000123, 612.4, 42},
                               {1764857000223, -0.1, std::nullopt},
                               {1764857000323, 1e-300, 7},
                               {1764857000423, 123456789.123456789, 8},
                               {1764857000523, -1.2345678901234568e20, 9}};
  for (std::size_t n : {1U, 5U}) {
    std::vector<sample> out;
    ASSERT_EQ(decode_samples(encode_samples(std::span(in).first(n)), out), decode_error::none);
    EXPECT_EQ(out, std::vector<sample>(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n)));
  }
  EXPECT_EQ(encode_samples(std::span(in).first(1)), R"({"ts":1764857000123,"value":612.4,"seq":42})");
}

TEST(PayloadCodec, RejectsBadJson) {
  for (const char* bad : {"", "{", "[", "{\"ts\":1,\"value\":1", "not json", "{\"ts\":1,\"value\":1}}",
                          "{\"ts\":1,\"value\":01}", "{'ts':1,'value':1}", "{\"ts\":1,\"value\":.5}"}) {
    EXPECT_EQ(decode_fail(bad), decode_error::bad_json) << bad;
  }
}

TEST(PayloadCodec, RejectsNanAndInfinityAsText) {
  for (const char* bad : {R"({"ts":1,"value":NaN})", R"({"ts":1,"value":Infinity})", R"({"ts":1,"value":-Infinity})",
                          R"({"ts":1,"value":nan})", R"({"ts":1,"value":inf})"}) {
    EXPECT_EQ(decode_fail(bad), decode_error::bad_json) << bad;
  }
}

TEST(PayloadCodec, RejectsWrongTypes) {
  EXPECT_EQ(decode_fail(R"({"ts":1,"value":"1.0"})"), decode_error::bad_value);
  EXPECT_EQ(decode_fail(R"({"ts":1,"value":null})"), decode_error::bad_value);
  EXPECT_EQ(decode_fail(R"({"ts":1,"value":true})"), decode_error::bad_value);
  EXPECT_EQ(decode_fail(R"({"ts":1,"value":[1]})"), decode_error::bad_value);
  EXPECT_EQ(decode_fail(R"({"ts":"1","value":1})"), decode_error::bad_ts);
  EXPECT_EQ(decode_fail(R"({"ts":1.5,"value":1})"), decode_error::bad_ts);
  EXPECT_EQ(decode_fail(R"({"ts":1.0,"value":1})"), decode_error::bad_ts);
  EXPECT_EQ(decode_fail(R"({"ts":1,"value":1,"seq":-1})"), decode_error::bad_seq);
  EXPECT_EQ(decode_fail(R"({"ts":1,"value":1,"seq":1.5})"), decode_error::bad_seq);
  EXPECT_EQ(decode_fail(R"({"ts":1,"value":1,"seq":"1"})"), decode_error::bad_seq);
  EXPECT_EQ(decode_fail("42"), decode_error::bad_shape);
  EXPECT_EQ(decode_fail("[]"), decode_error::bad_shape);
  EXPECT_EQ(decode_fail("[1,2]"), decode_error::bad_shape);
  EXPECT_EQ(decode_fail(R"("text")"), decode_error::bad_shape);
}

TEST(PayloadCodec, RejectsMissingFields) {
  EXPECT_EQ(decode_fail(R"({"value":1})"), decode_error::missing_field);
  EXPECT_EQ(decode_fail(R"({"ts":1})"), decode_error::missing_field);
  EXPECT_EQ(decode_fail("{}"), decode_error::missing_field);
}

TEST(PayloadCodec, RejectsHugeNumbers) {
  EXPECT_EQ(decode_fail(R"({"ts":1,"value":1e400})"), decode_error::bad_json);
  EXPECT_EQ(decode_fail(R"({"ts":1,"value":-1e309})"), decode_error::bad_json);
  EXPECT_EQ(decode_fail(R"({"ts":99999999999999999999999,"value":1})"), decode_error::bad_json);
  EXPECT_EQ(decode_fail(R"({"ts":18446744073709551615,"value":1})"), decode_error::bad_ts);
  EXPECT_EQ(decode_fail(R"({"ts":253402300800000,"value":1})"), decode_error::bad_ts);
  EXPECT_EQ(decode_fail(R"({"ts":0,"value":1})"), decode_error::bad_ts);
  EXPECT_EQ(decode_fail(R"({"ts":-5,"value":1})"), decode_error::bad_ts);
  // Large but finite values are fine.
  EXPECT_EQ(decode_ok(R"({"ts":1,"value":1.7e308})").size(), 1U);
  EXPECT_EQ(decode_ok(R"({"ts":1,"value":18446744073709551615})").size(), 1U);
}

TEST(PayloadCodec, RejectsOversizedPayloads) {
  const std::string payload = R"({"ts":1,"value":1})";
  EXPECT_EQ(decode_fail(payload, payload.size() - 1), decode_error::too_large);
  std::vector<sample> out;
  EXPECT_EQ(decode_samples(payload, out, payload.size()), decode_error::none);
  std::string big = "[";
  for (int i = 0; i < 20000; ++i) big += R"({"ts":1,"value":1},)";
  big.back() = ']';
  EXPECT_EQ(decode_fail(big), decode_error::too_large);
}

TEST(PayloadCodec, RejectsInvalidUtf8) {
  EXPECT_EQ(decode_fail("{\"ts\":1,\"value\":1,\"x\":\"\xff\"}"), decode_error::bad_utf8);
  EXPECT_EQ(decode_fail("{\"ts\":1,\"value\":1,\"x\":\"\xc3\x28\"}"), decode_error::bad_utf8);
  EXPECT_EQ(decode_fail("{\"ts\":1,\"value\":1,\"x\":\"\xed\xa0\x80\"}"), decode_error::bad_utf8);
}

TEST(PayloadCodec, OneBadElementRejectsTheWholeArray) {
  EXPECT_EQ(decode_fail(R"([{"ts":1,"value":1},{"ts":2,"value":"x"}])"), decode_error::bad_value);
  EXPECT_EQ(decode_fail(R"([{"ts":1,"value":1},5])"), decode_error::bad_shape);
}

}  // namespace
}  // namespace telemetry
