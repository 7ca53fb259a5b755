#include "store/store_writer.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "store/sqlite_store.hpp"
#include "telemetry/testing/child_process.hpp"

namespace telemetry::store {
namespace {

using namespace std::chrono_literals;

// Recent timestamps: the writer's retention deletes anything older than a week.
const timestamp_ms t0 =
    std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count() -
    3'600'000;

std::vector<point> ramp(timestamp_ms from, int count) {
  std::vector<point> out;
  for (int i = 0; i < count; ++i) out.push_back({t0 + from + i, static_cast<double>(i)});
  return out;
}

std::size_t stored(store& db, const std::string& series) {
  std::size_t count = 0;
  EXPECT_TRUE(db.scan({series, t0, t0 + 1'000'000'000, 0}, [&](const point&) { return ++count > 0; }).ok());
  return count;
}

template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// Another process's exclusive transaction on the same file, as an operator's sqlite3 shell.
class external_lock {
 public:
  explicit external_lock(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  ~external_lock() { release(); }
  void release() {
    if (db_ == nullptr) return;
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

// A store that stops answering while its gate is closed, as a MongoDB server that hangs:
// every call waits until the gate opens. Its ping can also be made to fail.
class gated_store : public store {
 public:
  explicit gated_store(store& inner) : inner_(inner) {}

  void close() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

  std::atomic<int> pings{0};
  std::atomic<bool> ping_fails{false};

  status write(std::span<const series_points> batch) override {
    return pass([&] { return inner_.write(batch); });
  }
  status scan(const scan_range& range, const point_visitor& visit) override {
    return pass([&] { return inner_.scan(range, visit); });
  }
  status upsert_series(const series_record& record) override {
    return pass([&] { return inner_.upsert_series(record); });
  }
  status list_series(std::vector<series_record>& out) override {
    return pass([&] { return inner_.list_series(out); });
  }
  status delete_before(timestamp_ms cutoff) override {
    return pass([&] { return inner_.delete_before(cutoff); });
  }
  status ping() override {
    return pass([&] {
      ++pings;
      return ping_fails ? status::failure("no route to the store") : inner_.ping();
    });
  }
  [[nodiscard]] std::string_view kind() const noexcept override { return "gated"; }

 private:
  template <typename Call>
  status pass(Call call) {
    {
      std::unique_lock lock(mutex_);
      opened_.wait(lock, [&] { return open_; });
    }
    return call();
  }

  store& inner_;
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = true;
};

// Opens the gate when the test ends, so a writer stuck on a closed gate can stop.
struct open_on_exit {
  gated_store& gate;
  ~open_on_exit() { gate.open(); }
};

class StoreWriter : public ::testing::Test {
 protected:
  telemetry::testing::temp_dir dir_;
  std::string path_ = dir_.path() + "/t.db";
  sqlite_store db_{path_};
};

TEST_F(StoreWriter, BatchesAndReportsJournalPositions) {
  std::atomic<std::uint64_t> committed{0};
  store_writer writer(db_, {.batch_samples = 100, .flush_interval = 10ms},
                      [&](std::uint64_t position) { committed = position; });
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer.enqueue("a/b", ramp(i * 1000, 50), 100U + static_cast<unsigned>(i)));
  writer.enqueue_meta({"a/b", {"Name", "kW", 0.0, 1.0, ""}});
  ASSERT_TRUE(eventually([&] { return committed.load() == 109U; }));
  EXPECT_TRUE(writer.drain_and_stop(1s));
  EXPECT_EQ(stored(db_, "a/b"), 500U);
  EXPECT_EQ(writer.stats().samples_written.load(), 500U);
  std::vector<series_record> records;
  ASSERT_TRUE(db_.list_series(records).ok());
  EXPECT_EQ(records.at(0).meta.unit, "kW");
}

TEST_F(StoreWriter, RetriesWhileTheStoreIsLockedThenWritesEverything) {
  std::optional<external_lock> lock;
  lock.emplace(path_);
  store_writer writer(db_, {.batch_samples = 100, .flush_interval = 10ms, .max_backoff = 50ms}, nullptr);
  ASSERT_TRUE(writer.enqueue("a/b", ramp(0, 1000), 1));
  ASSERT_TRUE(eventually([&] { return writer.stats().write_failures.load() > 0; }));
  EXPECT_FALSE(writer.stats().last_write_ok.load());
  EXPECT_EQ(writer.stats().samples_written.load(), 0U);
  lock.reset();
  ASSERT_TRUE(eventually([&] { return writer.stats().samples_written.load() == 1000U; }, 20s));
  EXPECT_TRUE(writer.stats().last_write_ok.load());
  EXPECT_TRUE(writer.drain_and_stop(1s));
  EXPECT_EQ(stored(db_, "a/b"), 1000U);
}

TEST_F(StoreWriter, FullQueueMakesEnqueueWaitUntilSpaceOrShutdown) {
  std::optional<external_lock> lock;
  lock.emplace(path_);
  store_writer writer(
      db_, {.batch_samples = 100, .flush_interval = 10ms, .max_queued_samples = 1000, .max_backoff = 50ms}, nullptr);
  ASSERT_TRUE(writer.enqueue("a/b", ramp(0, 1000), 1));
  auto blocked = std::async(std::launch::async, [&] { return writer.enqueue("a/b", ramp(5000, 10), 2); });
  EXPECT_EQ(blocked.wait_for(300ms), std::future_status::timeout) << "a full queue must make ingest wait";
  lock.reset();  // the store takes the queue, which frees space
  ASSERT_EQ(blocked.wait_for(20s), std::future_status::ready);
  EXPECT_TRUE(blocked.get());
  ASSERT_TRUE(eventually([&] { return writer.stats().queued_samples.load() == 0U; }, 20s));

  lock.emplace(path_);
  ASSERT_TRUE(writer.enqueue("a/b", ramp(10'000, 1000), 3));
  auto refused = std::async(std::launch::async, [&] { return writer.enqueue("a/b", ramp(20'000, 10), 4); });
  EXPECT_EQ(refused.wait_for(200ms), std::future_status::timeout);
  writer.stop_accepting();
  ASSERT_EQ(refused.wait_for(5s), std::future_status::ready);
  EXPECT_FALSE(refused.get());
  // With the store still locked, the drain gives up after its timeout and reports it.
  EXPECT_FALSE(writer.drain_and_stop(300ms));
}

TEST_F(StoreWriter, PingsTheStoreWhileIdleAndReportsWhenItFails) {
  gated_store gated(db_);
  store_writer writer(gated, {.batch_samples = 100, .flush_interval = 10ms, .ping_interval = 50ms}, nullptr);
  ASSERT_TRUE(eventually([&] { return gated.pings.load() >= 2; }));
  EXPECT_TRUE(writer.stats().last_ping_ok.load());
  gated.ping_fails = true;
  ASSERT_TRUE(eventually([&] { return !writer.stats().last_ping_ok.load(); }));
  EXPECT_EQ(writer.stats().last_error(), "no route to the store");
  gated.ping_fails = false;
  ASSERT_TRUE(eventually([&] { return writer.stats().last_ping_ok.load(); }));
  EXPECT_EQ(writer.stats().last_error(), "");
  EXPECT_TRUE(writer.drain_and_stop(1s));
}

// Readiness learns of a store that does not answer from the writer's stats alone, without a
// call of its own that would wait as long as the store does.
TEST_F(StoreWriter, AStoreThatDoesNotAnswerShowsAsWaitingInTheStats) {
  gated_store gated(db_);
  store_writer writer(gated, {.batch_samples = 100, .flush_interval = 10ms}, nullptr);
  const open_on_exit opener{gated};
  EXPECT_EQ(writer.stats().waiting_for_store(), 0ms);
  gated.close();
  ASSERT_TRUE(writer.enqueue("a/b", ramp(0, 100), 1));
  ASSERT_TRUE(eventually([&] { return writer.stats().waiting_for_store() >= 300ms; }));
  EXPECT_TRUE(writer.stats().last_write_ok.load()) << "waiting is not failing";
  gated.open();
  ASSERT_TRUE(eventually([&] { return writer.stats().samples_written.load() == 100U; }));
  EXPECT_EQ(writer.stats().waiting_for_store(), 0ms);
  EXPECT_TRUE(writer.drain_and_stop(1s));
  EXPECT_EQ(stored(db_, "a/b"), 100U);
}

}  // namespace
}  // namespace telemetry::store
