#include "telemetry/common/producer_status.hpp"

#include <gtest/gtest.h>

namespace telemetry {
namespace {

TEST(ProducerStatus, RoundTrip) {
  for (const auto state : {producer_state::online, producer_state::offline}) {
    const producer_status in{state, 1764857000123};
    producer_status out;
    ASSERT_EQ(decode_status(encode_status(in), out), decode_error::none);
    EXPECT_EQ(out, in);
  }
  EXPECT_EQ(encode_status({producer_state::online, 5}), R"({"state":"online","ts":5})");
}

TEST(ProducerStatus, RejectsBadInput) {
  producer_status out;
  EXPECT_EQ(decode_status(R"({"state":"sleeping","ts":1})", out), decode_error::bad_value);
  EXPECT_EQ(decode_status(R"({"state":1,"ts":1})", out), decode_error::bad_value);
  EXPECT_EQ(decode_status(R"({"ts":1})", out), decode_error::missing_field);
  EXPECT_EQ(decode_status(R"({"state":"online"})", out), decode_error::missing_field);
  EXPECT_EQ(decode_status(R"({"state":"online","ts":1.5})", out), decode_error::bad_ts);
  EXPECT_EQ(decode_status("online", out), decode_error::bad_json);
  EXPECT_EQ(decode_status("[]", out), decode_error::bad_shape);
}

}  // namespace
}  // namespace telemetry
