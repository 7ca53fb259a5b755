#pragma once
// The default store: one SQLite file in WAL mode. Samples live in chunks (chunk_codec: up to a
// few thousand points of one series in one row) in a WITHOUT ROWID table clustered on
// (series_id, first_ts); chunks of a series never overlap in time, so a range read is one
// sequential walk of the B-tree, and a write merges with the chunks its range touches, which
// stores a (series, ts) once. One connection writes (the store writer thread), another serves
// reads; each read is its own short transaction.
#include <sqlite3.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "store/store.hpp"

namespace telemetry::store {

class sqlite_store final : public store {
 public:
  // Opens or creates the database at `path`; throws std::runtime_error on failure.
  explicit sqlite_store(const std::string& path);
  ~sqlite_store() override;
  sqlite_store(const sqlite_store&) = delete;
  sqlite_store& operator=(const sqlite_store&) = delete;

  [[nodiscard]] status write(std::span<const series_points> batch) override;
  [[nodiscard]] status scan(const scan_range& range, const point_visitor& visit) override;
  [[nodiscard]] status upsert_series(const series_record& record) override;
  [[nodiscard]] status list_series(std::vector<series_record>& out) override;
  [[nodiscard]] status delete_before(timestamp_ms cutoff) override;
  [[nodiscard]] status ping() override;
  [[nodiscard]] std::string_view kind() const noexcept override { return "sqlite"; }

 private:
  struct connection;
  // Returns the series' integer key, creating the row when needed (writer connection).
  [[nodiscard]] status series_key(const std::string& series, std::int64_t& key);
  // Moves the rows of a file written before chunks into chunks (once; throws on failure).
  void migrate_sample_rows();
  // Writes one series' points inside the open transaction, merged with the chunks they touch.
  [[nodiscard]] status write_series(std::int64_t key, const std::vector<point>& points);
  // Deletes one chunk inside the open transaction.
  [[nodiscard]] status delete_chunk(std::int64_t key, timestamp_ms first_ts);
  // Inserts ascending, unique points as chunks of at most max_chunk points.
  [[nodiscard]] status insert_chunks(std::int64_t key, std::span<const point> points);

  std::mutex write_mutex_;
  std::unique_ptr<connection> writer_;
  std::map<std::string, std::int64_t, std::less<>> keys_;  // guarded by write_mutex_
  std::mutex read_mutex_;
  std::unique_ptr<connection> reader_;
};

}  // namespace telemetry::store
