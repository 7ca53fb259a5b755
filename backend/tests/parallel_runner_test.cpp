#include "query/parallel_runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace telemetry::query {
namespace {

TEST(ParallelRunner, RunsEveryPartOnceAndReturnsWhenAllAreDone) {
  for (const std::size_t workers : {0UL, 1UL, 3UL}) {
    parallel_runner runner(workers);
    EXPECT_EQ(runner.threads(), workers + 1);
    for (const std::size_t count : {0UL, 1UL, 2UL, 5UL, 100UL}) {
      std::vector<std::atomic<int>> calls(count);
      runner.run(count, [&](std::size_t i) { calls[i].fetch_add(1); });
      for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(calls[i].load(), 1) << workers << " " << count << " " << i;
    }
  }
}

TEST(ParallelRunner, UsesTheWorkersBesideTheCaller) {
  parallel_runner runner(1);
  std::mutex mutex;
  std::set<std::thread::id> seen;
  // Two parts that each wait for the other to start: they can only finish side by side.
  std::atomic<int> started{0};
  runner.run(2, [&](std::size_t) {
    started.fetch_add(1);
    while (started.load() < 2) std::this_thread::yield();
    std::lock_guard lock(mutex);
    seen.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(seen.size(), 2U);
  EXPECT_TRUE(seen.contains(std::this_thread::get_id()));
}

TEST(ParallelRunner, ThrowsThePartsErrorAfterTheOthersFinished) {
  parallel_runner runner(2);
  std::atomic<int> finished{0};
  EXPECT_THROW(runner.run(10,
                          [&](std::size_t i) {
                            if (i == 3) throw std::runtime_error("part 3");
                            finished.fetch_add(1);
                          }),
               std::runtime_error);
  EXPECT_EQ(finished.load(), 9);
  // Still usable afterwards.
  std::atomic<int> again{0};
  runner.run(4, [&](std::size_t) { again.fetch_add(1); });
  EXPECT_EQ(again.load(), 4);
}

TEST(ParallelRunner, ManyCallersAtOnce) {
  parallel_runner runner(2);
  std::atomic<long> total{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&] {
      for (int round = 0; round < 200; ++round)
        runner.run(7, [&](std::size_t i) { total.fetch_add(static_cast<long>(i)); });
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(total.load(), 4L * 200L * 21L);
}

}  // namespace
}  // namespace telemetry::query
