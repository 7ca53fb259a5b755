#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

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

}  // namespace
}  // namespace telemetry::store
