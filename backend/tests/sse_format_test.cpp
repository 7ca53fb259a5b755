#include "http/sse_format.hpp"

#include <gtest/gtest.h>

namespace telemetry::http {
namespace {

live::live_batch_ptr batch(std::uint64_t seq, std::string series, std::vector<store::point> points) {
  auto b = std::make_shared<live::live_batch>();
  b->seq = seq;
  b->series = std::move(series);
  b->points = std::move(points);
  return b;
}

TEST(SseFormat, SamplesEventCarriesTheLastSeq) {
  std::string out;
  const std::vector<live::live_batch_ptr> batches{batch(7, "a/b", {{1, 2.0}, {2, 0.1}}), batch(8, "a/\"x", {}),
                                                  batch(9, "a/c", {{1, 3.0}})};
  append_samples_event(out, batches, 9);
  EXPECT_EQ(out,
            "event: samples\nid: 9\ndata: {\"seq\":9,\"samples\":[{\"series\":\"a/b\",\"ts\":1,\"value\":2},"
            "{\"series\":\"a/b\",\"ts\":2,\"value\":0.1},{\"series\":\"a/c\",\"ts\":1,\"value\":3}]}\n\n");
}

TEST(SseFormat, SeriesResetHeartbeatAndHead) {
  std::string out;
  append_series_event(out, R"({"id":"a/b"})");
  append_reset_event(out, 12);
  EXPECT_EQ(out, "event: series\ndata: {\"id\":\"a/b\"}\n\nevent: reset\nid: 12\ndata: {\"seq\":12}\n\n");
  EXPECT_EQ(sse_heartbeat, ": hb\n\n");
  EXPECT_EQ(sse_retry_line, "retry: 2000\n\n");
  const auto head = sse_response_head("");
  EXPECT_NE(head.find("Content-Type: text/event-stream\r\n"), std::string::npos);
  EXPECT_NE(head.find("Cache-Control: no-cache\r\n"), std::string::npos);
  EXPECT_NE(head.find("X-Accel-Buffering: no\r\n"), std::string::npos);
  EXPECT_EQ(head.find("Access-Control"), std::string::npos);
  EXPECT_NE(sse_response_head("http://x").find("Access-Control-Allow-Origin: http://x\r\n"), std::string::npos);
}

}  // namespace
}  // namespace telemetry::http
