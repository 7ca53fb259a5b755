#include "store/sqlite_store.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <stdexcept>

namespace telemetry::store {

namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  min REAL,
  max REAL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS samples (
  series_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (series_id, ts)
) WITHOUT ROWID;
)sql";

// Rows per multi-row INSERT: one statement execution (cursor open, transaction check, halt)
// then serves many rows, which more than halves the cost per row of a long run.
constexpr std::size_t rows_per_insert = 500;

std::string multi_row_insert_sql() {
  // ?1 is the series key, shared by every row; each row adds its (ts, value) pair.
  std::string sql = "INSERT OR IGNORE INTO samples(series_id, ts, value) VALUES";
  for (std::size_t row = 0; row < rows_per_insert; ++row) {
    sql += fmt::format("{}(?1,?{},?{})", row == 0 ? "" : ",", 2 + 2 * row, 3 + 2 * row);
  }
  return sql;
}

// A prepared statement, reset when it goes out of scope so it never holds a read open.
class statement {
 public:
  statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(fmt::format("sqlite: cannot prepare statement: {}", sqlite3_errmsg(db)));
    }
  }
  ~statement() { sqlite3_finalize(stmt_); }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  [[nodiscard]] sqlite3_stmt* get() const noexcept { return stmt_; }
  [[nodiscard]] std::string error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

struct reset_on_exit {
  sqlite3_stmt* stmt;
  ~reset_on_exit() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

void bind_optional(sqlite3_stmt* stmt, int index, const std::optional<double>& value) {
  if (value) {
    sqlite3_bind_double(stmt, index, *value);
  } else {
    sqlite3_bind_null(stmt, index);
  }
}

void bind_text(sqlite3_stmt* stmt, int index, std::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* stmt, int index) {
  const auto* text = sqlite3_column_text(stmt, index);
  return text == nullptr ? std::string{} : std::string(reinterpret_cast<const char*>(text));
}

std::optional<double> column_optional(sqlite3_stmt* stmt, int index) {
  if (sqlite3_column_type(stmt, index) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(stmt, index);
}

}  // namespace

struct sqlite_store::connection {
  sqlite3* db = nullptr;
  std::unique_ptr<statement> insert_sample;
  std::unique_ptr<statement> insert_samples;  // rows_per_insert rows
  std::unique_ptr<statement> select_range;
  std::unique_ptr<statement> select_key;
  std::unique_ptr<statement> insert_key;
  std::unique_ptr<statement> upsert_meta;
  std::unique_ptr<statement> select_series;

  connection(const std::string& path, bool create) {
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      const std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      throw std::runtime_error(fmt::format("sqlite: cannot open {}: {}", path, message));
    }
    // Another process holding a lock (a backup, an operator's sqlite3 shell) makes writes
    // wait a little rather than fail at once; the store writer retries after that.
    sqlite3_busy_timeout(db, 2000);
    // WAL with synchronous=NORMAL: a commit is in the WAL file (write(2)) before it returns,
    // which survives a crash of this process; an OS crash may lose the last commits.
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=NORMAL");
    execute("PRAGMA temp_store=MEMORY");
    // A larger page cache and fewer checkpoints: the samples B-tree grows at its right edge
    // per series, and each checkpoint rewrites pages into the main file.
    execute("PRAGMA cache_size=-65536");
    execute("PRAGMA wal_autocheckpoint=10000");
    if (create) execute(schema);
    insert_sample =
        std::make_unique<statement>(db, "INSERT OR IGNORE INTO samples(series_id, ts, value) VALUES(?,?,?)");
    insert_samples = std::make_unique<statement>(db, multi_row_insert_sql().c_str());
    select_range = std::make_unique<statement>(
        db,
        "SELECT ts, value FROM samples WHERE series_id = (SELECT id FROM series WHERE key = ?) "
        "AND ts >= ? AND ts <= ? ORDER BY ts LIMIT ?");
    select_key = std::make_unique<statement>(db, "SELECT id FROM series WHERE key = ?");
    insert_key = std::make_unique<statement>(db, "INSERT OR IGNORE INTO series(key) VALUES(?)");
    upsert_meta = std::make_unique<statement>(
        db,
        "INSERT INTO series(key, name, unit, min, max, description) VALUES(?,?,?,?,?,?) "
        "ON CONFLICT(key) DO UPDATE SET name=excluded.name, unit=excluded.unit, min=excluded.min, "
        "max=excluded.max, description=excluded.description");
    select_series =
        std::make_unique<statement>(db, "SELECT key, name, unit, min, max, description FROM series ORDER BY key");
  }

  ~connection() {
    insert_sample.reset();
    insert_samples.reset();
    select_range.reset();
    select_key.reset();
    insert_key.reset();
    upsert_meta.reset();
    select_series.reset();
    sqlite3_close_v2(db);
  }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  void execute(const char* sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      throw std::runtime_error(fmt::format("sqlite: {}", text));
    }
  }

  [[nodiscard]] status try_execute(const char* sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return status::success();
    const std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return status::failure(fmt::format("sqlite: {}", text));
  }
};

sqlite_store::sqlite_store(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ignored;
  if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
  writer_ = std::make_unique<connection>(path, true);
  reader_ = std::make_unique<connection>(path, false);
}

sqlite_store::~sqlite_store() = default;

status sqlite_store::series_key(const std::string& series, std::int64_t& key) {
  if (const auto found = keys_.find(series); found != keys_.end()) {
    key = found->second;
    return status::success();
  }
  for (auto* stmt : {writer_->insert_key->get(), writer_->select_key->get()}) {
    reset_on_exit reset{stmt};
    bind_text(stmt, 1, series);
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) key = sqlite3_column_int64(stmt, 0);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      return status::failure(fmt::format("sqlite: {}", sqlite3_errmsg(writer_->db)));
  }
  keys_.emplace(series, key);
  return status::success();
}

status sqlite_store::write(std::span<const series_points> batch) {
  std::lock_guard lock(write_mutex_);
  if (auto begun = writer_->try_execute("BEGIN IMMEDIATE"); !begun.ok()) return begun;
  auto* single = writer_->insert_sample->get();
  auto* block = writer_->insert_samples->get();
  const auto fail = [&](std::string message) {
    auto failed = status::failure(std::move(message));
    (void)writer_->try_execute("ROLLBACK");
    keys_.clear();  // rows created in the rolled-back transaction are gone
    return failed;
  };
  for (const auto& series : batch) {
    std::int64_t key = 0;
    if (auto found = series_key(series.series, key); !found.ok()) return fail(std::move(found.error));
    const auto& points = series.points;
    std::size_t i = 0;
    sqlite3_bind_int64(block, 1, key);
    for (; i + rows_per_insert <= points.size(); i += rows_per_insert) {
      for (std::size_t row = 0; row < rows_per_insert; ++row) {
        const auto column = static_cast<int>(2 + 2 * row);
        sqlite3_bind_int64(block, column, points[i + row].ts);
        sqlite3_bind_double(block, column + 1, points[i + row].value);
      }
      const int rc = sqlite3_step(block);
      sqlite3_reset(block);
      if (rc != SQLITE_DONE) return fail(fmt::format("sqlite: insert: {}", sqlite3_errmsg(writer_->db)));
    }
    sqlite3_bind_int64(single, 1, key);
    for (; i < points.size(); ++i) {
      sqlite3_bind_int64(single, 2, points[i].ts);
      sqlite3_bind_double(single, 3, points[i].value);
      const int rc = sqlite3_step(single);
      sqlite3_reset(single);
      if (rc != SQLITE_DONE) return fail(fmt::format("sqlite: insert: {}", sqlite3_errmsg(writer_->db)));
    }
  }
  auto committed = writer_->try_execute("COMMIT");
  if (!committed.ok()) {
    (void)writer_->try_execute("ROLLBACK");
    keys_.clear();
  }
  return committed;
}

status sqlite_store::scan(const scan_range& range, const point_visitor& visit) {
  std::lock_guard lock(read_mutex_);
  auto* stmt = reader_->select_range->get();
  reset_on_exit reset{stmt};
  bind_text(stmt, 1, range.series);
  sqlite3_bind_int64(stmt, 2, range.from);
  sqlite3_bind_int64(stmt, 3, range.to);
  sqlite3_bind_int64(stmt, 4, range.limit == 0 ? -1 : static_cast<std::int64_t>(range.limit));
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (!visit(point{sqlite3_column_int64(stmt, 0), sqlite3_column_double(stmt, 1)})) return status::success();
  }
  if (rc != SQLITE_DONE) return status::failure(fmt::format("sqlite: scan: {}", sqlite3_errmsg(reader_->db)));
  return status::success();
}

status sqlite_store::upsert_series(const series_record& record) {
  std::lock_guard lock(write_mutex_);
  auto* stmt = writer_->upsert_meta->get();
  reset_on_exit reset{stmt};
  bind_text(stmt, 1, record.series);
  bind_text(stmt, 2, record.meta.name);
  bind_text(stmt, 3, record.meta.unit);
  bind_optional(stmt, 4, record.meta.min);
  bind_optional(stmt, 5, record.meta.max);
  bind_text(stmt, 6, record.meta.description);
  if (sqlite3_step(stmt) != SQLITE_DONE) {
    return status::failure(fmt::format("sqlite: series metadata: {}", sqlite3_errmsg(writer_->db)));
  }
  return status::success();
}

status sqlite_store::list_series(std::vector<series_record>& out) {
  std::lock_guard lock(read_mutex_);
  auto* stmt = reader_->select_series->get();
  reset_on_exit reset{stmt};
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    out.push_back({column_text(stmt, 0),
                   {column_text(stmt, 1), column_text(stmt, 2), column_optional(stmt, 3), column_optional(stmt, 4),
                    column_text(stmt, 5)}});
  }
  if (rc != SQLITE_DONE) return status::failure(fmt::format("sqlite: series: {}", sqlite3_errmsg(reader_->db)));
  return status::success();
}

status sqlite_store::delete_before(timestamp_ms cutoff) {
  std::lock_guard lock(write_mutex_);
  // The primary key starts with series_id, so delete per series to walk each prefix.
  const auto sql = fmt::format("DELETE FROM samples WHERE series_id IN (SELECT id FROM series) AND ts < {}", cutoff);
  return writer_->try_execute(sql.c_str());
}

status sqlite_store::ping() {
  std::lock_guard lock(read_mutex_);
  return reader_->try_execute("SELECT 1 FROM series LIMIT 1");
}

}  // namespace telemetry::store
