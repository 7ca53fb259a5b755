#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <memory>

#include "store_conformance.hpp"
#include "telemetry/testing/child_process.hpp"

namespace telemetry::store {
namespace {

using testing::store_factory;
using testing::StoreConformance;

// Each test gets its own file in its own folder, removed when the process ends.
std::unique_ptr<store> make_sqlite() {
  static std::vector<std::unique_ptr<telemetry::testing::temp_dir>> dirs;
  dirs.push_back(std::make_unique<telemetry::testing::temp_dir>());
  return std::make_unique<sqlite_store>(dirs.back()->path() + "/telemetry.db");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(store_factory{"sqlite", make_sqlite}));

TEST(SqliteStore, DataSurvivesReopen) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/t.db";
  {
    sqlite_store db(path);
    ASSERT_TRUE(db.write(std::vector<series_points>{{"a/b", {{10, 1.0}, {20, 2.0}}}}).ok());
  }
  sqlite_store db(path);
  std::vector<point> read;
  ASSERT_TRUE(db.scan({"a/b", 0, 100, 0}, [&](const point& p) {
                  read.push_back(p);
                  return true;
                }).ok());
  EXPECT_EQ(read, (std::vector<point>{{10, 1.0}, {20, 2.0}}));
}

TEST(SqliteStore, UnopenablePathIsAClearError) {
  EXPECT_THROW(sqlite_store("/proc/no/such/place/t.db"), std::runtime_error);
}

TEST(SqliteStore, LockedByAnotherConnectionFailsThenRecovers) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/t.db";
  sqlite_store db(path);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  const std::vector<series_points> batch{{"a/b", {{10, 1.0}}}};
  const auto blocked = db.write(batch);
  EXPECT_FALSE(blocked.ok());
  EXPECT_NE(blocked.error.find("locked"), std::string::npos) << blocked.error;
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  EXPECT_TRUE(db.write(batch).ok());
}

std::vector<point> read_all(sqlite_store& db, const std::string& series) {
  std::vector<point> read;
  EXPECT_TRUE(db.scan({series, std::numeric_limits<timestamp_ms>::min(), max_timestamp_ms, 0}, [&](const point& p) {
                  read.push_back(p);
                  return true;
                }).ok());
  return read;
}

std::int64_t count_rows(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::int64_t n = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

// Live data arrives a few samples per flush; the series' last chunk grows instead of the table
// getting one row per flush.
TEST(SqliteStore, SmallWritesGrowTheLastChunk) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/t.db";
  sqlite_store db(path);
  std::vector<point> expected;
  for (int flush = 0; flush < 1000; ++flush) {
    const point p{1000 + 100 * flush, flush * 0.5};
    expected.push_back(p);
    ASSERT_TRUE(db.write(std::vector<series_points>{{"a/b", {p}}}).ok());
  }
  EXPECT_EQ(read_all(db, "a/b"), expected);
  const auto chunks = count_rows(path, "SELECT COUNT(*) FROM chunks");
  EXPECT_LE(chunks, 1000 / 128 + 1) << "chunks of at least the small-chunk size";
  EXPECT_EQ(count_rows(path, "SELECT SUM(count) FROM chunks"), 1000) << "each row's count is what its blob holds";
}

// Late samples land inside, between and before stored chunks; stored ones are never replaced.
TEST(SqliteStore, LateAndRepeatedSamplesMergeIntoTheirChunks) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/t.db";
  sqlite_store db(path);
  std::vector<point> big;
  for (int i = 0; i < 5000; ++i) big.push_back({10 * i, 1.0});  // several full chunks
  ASSERT_TRUE(db.write(std::vector<series_points>{{"a/b", big}}).ok());
  std::vector<point> late{{5, 2.0}, {25'005, 2.0}, {-100, 2.0}, {49'995, 2.0}, {60'000, 2.0}, {20, 9.0}};
  ASSERT_TRUE(db.write(std::vector<series_points>{{"a/b", late}}).ok());
  ASSERT_TRUE(db.write(std::vector<series_points>{{"a/b", late}}).ok());
  std::vector<point> expected = big;
  for (const auto& p : late) {
    if (p.ts % 10 != 0 || p.ts < 0 || p.ts >= 50'000) expected.push_back(p);
  }
  std::sort(expected.begin(), expected.end(), [](const point& a, const point& b) { return a.ts < b.ts; });
  EXPECT_EQ(read_all(db, "a/b"), expected) << "(20, 9.0) repeats a stored ts and is ignored";
  EXPECT_EQ(count_rows(path,
                       "SELECT COUNT(*) FROM chunks a JOIN chunks b ON a.series_id = b.series_id "
                       "AND a.first_ts < b.first_ts AND a.last_ts >= b.first_ts"),
            0)
      << "chunks of a series never overlap";
}

TEST(SqliteStore, RangeReadsStartInsideAChunk) {
  telemetry::testing::temp_dir dir;
  sqlite_store db(dir.path() + "/t.db");
  std::vector<point> points;
  for (int i = 0; i < 10'000; ++i) points.push_back({i, static_cast<double>(i)});
  ASSERT_TRUE(db.write(std::vector<series_points>{{"a/b", points}}).ok());
  std::vector<point> read;
  ASSERT_TRUE(db.scan({"a/b", 3000, 7000, 0}, [&](const point& p) {
                  read.push_back(p);
                  return true;
                }).ok());
  ASSERT_EQ(read.size(), 4001U);
  EXPECT_EQ(read.front().ts, 3000);
  EXPECT_EQ(read.back().ts, 7000);
}

TEST(SqliteStore, RetentionTrimsTheChunkThatStraddlesTheCutoff) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/t.db";
  sqlite_store db(path);
  std::vector<point> points;
  for (int i = 0; i < 10'000; ++i) points.push_back({i, static_cast<double>(i)});
  ASSERT_TRUE(db.write(std::vector<series_points>{{"a/b", points}}).ok());
  ASSERT_TRUE(db.delete_before(4321).ok());
  const auto read = read_all(db, "a/b");
  ASSERT_EQ(read.size(), 10'000U - 4321U);
  EXPECT_EQ(read.front().ts, 4321);
  EXPECT_EQ(count_rows(path, "SELECT MIN(first_ts) FROM chunks"), 4321);
  EXPECT_EQ(count_rows(path, "SELECT SUM(count) FROM chunks"), 10'000 - 4321);
}

TEST(SqliteStore, ADamagedChunkIsAnErrorNotACrash) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/t.db";
  sqlite_store db(path);
  ASSERT_TRUE(db.write(std::vector<series_points>{{"a/b", {{10, 1.0}, {20, 2.0}}}}).ok());
  EXPECT_EQ(count_rows(path, "UPDATE chunks SET data = x'01ff' RETURNING 1"), 1);
  const auto read = db.scan({"a/b", 0, 100, 0}, [](const point&) { return true; });
  EXPECT_FALSE(read.ok());
  EXPECT_NE(read.error.find("damaged"), std::string::npos) << read.error;
  EXPECT_FALSE(db.write(std::vector<series_points>{{"a/b", {{15, 1.0}}}}).ok());
}

// A file from before chunks (one row per sample) is moved into chunks when opened.
TEST(SqliteStore, OpensAFileWithOneRowPerSample) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/t.db";
  {
    sqlite3* old = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &old), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(old,
                     "CREATE TABLE series (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL "
                     "DEFAULT '', unit TEXT NOT NULL DEFAULT '', min REAL, max REAL, description TEXT NOT NULL "
                     "DEFAULT '');"
                     "CREATE TABLE samples (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, "
                     "PRIMARY KEY (series_id, ts)) WITHOUT ROWID;"
                     "INSERT INTO series(id, key, unit) VALUES (1, 'a/b', 'kW'), (2, 'c/d', '');"
                     "INSERT INTO samples VALUES (1, 20, 2.0), (1, 10, 1.0), (2, 5, -1.0);",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(old);
  }
  sqlite_store db(path);
  EXPECT_EQ(read_all(db, "a/b"), (std::vector<point>{{10, 1.0}, {20, 2.0}}));
  EXPECT_EQ(read_all(db, "c/d"), (std::vector<point>{{5, -1.0}}));
  std::vector<series_record> series;
  ASSERT_TRUE(db.list_series(series).ok());
  ASSERT_EQ(series.size(), 2U);
  EXPECT_EQ(series[0].meta.unit, "kW");
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'samples'"), 0);
}

}  // namespace
}  // namespace telemetry::store
