// The parts that many threads share, driven from many threads at once. These run in every
// build; `make test` also runs them under ThreadSanitizer, which is what they are for.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <atomic>
#include <thread>
#include <vector>

#include "http/broadcaster.hpp"
#include "ingest/ingest_journal.hpp"
#include "ingest/ingest_pipeline.hpp"
#include "ingest/reject_counters.hpp"
#include "ingest/series_registry.hpp"
#include "live/recent_window.hpp"
#include "live/replay_buffer.hpp"
#include "store/sqlite_store.hpp"
#include "store/store_writer.hpp"
#include "telemetry/common/payload_codec.hpp"
#include "telemetry/testing/child_process.hpp"

namespace telemetry {
namespace {

using namespace std::chrono_literals;

class counting_subscriber final : public http::stream_subscriber {
 public:
  void wake() override { wakes.fetch_add(1, std::memory_order_relaxed); }
  std::atomic<std::uint64_t> wakes{0};
};

TEST(Concurrency, BroadcasterJoinLeaveNotifyAndSharedEventsFromManyThreads) {
  http::broadcaster hub(1000, 1ms);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> encodings{0};
  std::vector<std::thread> threads;
  // Sessions come and go.
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        std::vector<std::shared_ptr<counting_subscriber>> mine;
        for (int i = 0; i < 20; ++i) {
          mine.push_back(std::make_shared<counting_subscriber>());
          EXPECT_TRUE(hub.join(mine.back()));
        }
        for (auto& s : mine) hub.leave(s.get());
      }
    });
  }
  // Data arrives.
  threads.emplace_back([&] {
    while (!stop.load()) hub.notify();
  });
  // Sessions build or share the event for the same positions.
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      std::uint64_t last = 0;
      while (!stop.load()) {
        ++last;
        const auto event = hub.shared_event(last - 1, last, [&] {
          encodings.fetch_add(1);
          return fmt::format("id: {}\n\n", last);
        });
        EXPECT_EQ(*event, fmt::format("id: {}\n\n", last));
      }
    });
  }
  auto steady = std::make_shared<counting_subscriber>();
  ASSERT_TRUE(hub.join(steady));
  std::this_thread::sleep_for(300ms);
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_GT(steady->wakes.load(), 0U);
  EXPECT_GT(encodings.load(), 0U);
  hub.leave(steady.get());
  EXPECT_EQ(hub.clients(), 0U);
}

// Several broker callback threads (a reconnect can overlap the old and new connection's
// threads) feed the pipeline while readers walk the window, the replay buffer and the
// registry, and the store writer drains into SQLite.
TEST(Concurrency, IngestPipelineUnderConcurrentMessagesAndReaders) {
  testing::temp_dir dir;
  store::sqlite_store db(dir.path() + "/t.db");
  ingest::ingest_journal journal(dir.path() + "/journal");
  std::atomic<std::uint64_t> committed{0};
  store::store_writer writer(db, {.batch_samples = 500, .flush_interval = 5ms}, [&](std::uint64_t position) {
    journal.committed(position);
    committed = position;
  });
  ingest::series_registry registry;
  live::recent_window window(1h);
  live::replay_buffer replay(100'000, 10min, 1);
  ingest::reject_counters rejects;
  ingest::ingest_pipeline pipeline({}, registry, window, replay, &journal, writer, rejects);
  std::atomic<std::uint64_t> batches_seen{0};
  pipeline.set_listener({[&](const live::live_batch_ptr&) { batches_seen.fetch_add(1); }, nullptr});

  constexpr int producers = 3;
  constexpr int messages = 200;
  constexpr int per_message = 10;
  const auto base = wall_clock_ms() - 60'000;
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  readers.emplace_back([&] {
    while (!stop.load()) {
      std::size_t n = 0;
      window.visit("c/s0", base, base + 100'000, [&](const store::point&) { return ++n < 100'000; });
      std::vector<live::live_batch_ptr> out;
      (void)replay.since(0, out);
      (void)registry.snapshot();
      pipeline.trim_window();
    }
  });
  std::vector<std::thread> feeders;
  for (int t = 0; t < producers; ++t) {
    feeders.emplace_back([&, t] {
      for (int m = 0; m < messages; ++m) {
        std::vector<sample> samples;
        for (int k = 0; k < per_message; ++k) {
          const auto i = m * per_message + k;
          samples.push_back({base + i, static_cast<double>(i), static_cast<std::uint64_t>(i)});
        }
        const auto topic = fmt::format("telemetry/c/s{}", t);
        const auto payload = encode_samples(samples);
        pipeline.handle(topic, payload);
        if (m % 10 == 0) pipeline.handle(topic, payload);  // a redelivery
        if (m % 50 == 0) pipeline.handle(topic, "{not json");
      }
    });
  }
  for (auto& t : feeders) t.join();
  stop = true;
  for (auto& t : readers) t.join();
  ASSERT_TRUE(writer.drain_and_stop(10s));

  const auto expected = static_cast<std::uint64_t>(messages * per_message);
  for (int t = 0; t < producers; ++t) {
    std::uint64_t stored = 0;
    ASSERT_TRUE(db.scan({fmt::format("c/s{}", t), base, base + 100'000, 0}, [&](const store::point&) {
                    ++stored;
                    return true;
                  }).ok());
    EXPECT_EQ(stored, expected) << "series " << t;
    std::uint64_t held = 0;
    window.visit(fmt::format("c/s{}", t), base, base + 100'000, [&](const store::point&) { return ++held > 0; });
    EXPECT_EQ(held, expected);
  }
  EXPECT_EQ(pipeline.stats().duplicates.load(), static_cast<std::uint64_t>(producers * (messages / 10) * per_message));
  EXPECT_EQ(batches_seen.load(), static_cast<std::uint64_t>(producers * messages));
  EXPECT_EQ(replay.last_seq(), static_cast<std::uint64_t>(producers * messages));
  EXPECT_GT(committed.load(), 0U);
}

}  // namespace
}  // namespace telemetry
