#include "live/replay_buffer.hpp"

#include <gtest/gtest.h>

namespace telemetry::live {
namespace {

live_batch batch_at(timestamp_ms ms) {
  live_batch b;
  b.series = "a/b";
  b.received_ms = ms;
  return b;
}

TEST(ReplayBuffer, ResumesAfterAnySeqItHolds) {
  replay_buffer buffer(100, std::chrono::minutes(1), 1000);
  EXPECT_EQ(buffer.last_seq(), 999U);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(buffer.push(batch_at(10))->seq, 1000U + static_cast<unsigned>(i));
  std::vector<live_batch_ptr> out;
  ASSERT_EQ(buffer.since(1002, out), replay_buffer::resume::ok);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0]->seq, 1003U);
  out.clear();
  ASSERT_EQ(buffer.since(999, out), replay_buffer::resume::ok);  // a chart answer from before any batch
  EXPECT_EQ(out.size(), 5U);
  out.clear();
  ASSERT_EQ(buffer.since(1004, out), replay_buffer::resume::ok);
  EXPECT_TRUE(out.empty());
}

TEST(ReplayBuffer, ResetWhenTooOldFromAnotherProcessOrFuture) {
  replay_buffer buffer(3, std::chrono::minutes(1), 1000);
  for (int i = 0; i < 5; ++i) buffer.push(batch_at(10));  // 1000..1004, holds 1002..1004
  std::vector<live_batch_ptr> out;
  EXPECT_EQ(buffer.since(1000, out), replay_buffer::resume::reset);  // 1001 was evicted
  EXPECT_EQ(buffer.since(1001, out), replay_buffer::resume::ok);
  EXPECT_EQ(out.size(), 3U);
  EXPECT_EQ(buffer.since(500, out), replay_buffer::resume::reset);   // before this process
  EXPECT_EQ(buffer.since(5000, out), replay_buffer::resume::reset);  // never issued
}

TEST(ReplayBuffer, EvictsByAge) {
  replay_buffer buffer(100, std::chrono::milliseconds(1000), 1);
  buffer.push(batch_at(0));
  buffer.push(batch_at(500));
  buffer.push(batch_at(1600));  // evicts the batch at 0 (older than 600)
  EXPECT_EQ(buffer.size(), 1U);
  std::vector<live_batch_ptr> out;
  EXPECT_EQ(buffer.since(1, out), replay_buffer::resume::reset);
  EXPECT_EQ(buffer.since(2, out), replay_buffer::resume::ok);
}

}  // namespace
}  // namespace telemetry::live
