#include "store/sqlite_store.hpp"

#include "store/chunk_codec.hpp"

#include <fmt/format.h>

#include <algorithm>
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
CREATE TABLE IF NOT EXISTS chunks (
  series_id INTEGER NOT NULL,
  first_ts INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  count INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (series_id, first_ts)
) WITHOUT ROWID;
PRAGMA user_version = 2;
)sql";

// A chunk holds at most this many points; a write starts a new chunk after the series' last
// one unless that one is still smaller than `small_chunk`, in which case the two merge, so
// live data arriving a few samples per flush still ends up in chunks of useful size while a
// rewrite never copies more than small_chunk points.
constexpr std::size_t max_chunk = 2048;
constexpr std::size_t small_chunk = 128;

// One stored chunk, as read back.
struct chunk_row {
  timestamp_ms first_ts = 0;
  timestamp_ms last_ts = 0;
  std::size_t count = 0;
  std::string data;
};

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

// A blob column as bytes (empty for NULL); valid until the statement steps again.
std::string_view column_blob(sqlite3_stmt* stmt, int index) {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, index));
  if (data == nullptr) return {};
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt, index))};
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
  std::unique_ptr<statement> insert_chunk;
  std::unique_ptr<statement> delete_chunk;
  std::unique_ptr<statement> select_chunk_at_or_before;
  std::unique_ptr<statement> select_chunks_after;
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
    insert_chunk = std::make_unique<statement>(
        db, "INSERT INTO chunks(series_id, first_ts, last_ts, count, data) VALUES(?,?,?,?,?)");
    delete_chunk = std::make_unique<statement>(db, "DELETE FROM chunks WHERE series_id = ? AND first_ts = ?");
    select_chunk_at_or_before = std::make_unique<statement>(
        db,
        "SELECT first_ts, last_ts, count, data FROM chunks WHERE series_id = ?1 AND first_ts <= ?2 "
        "ORDER BY first_ts DESC LIMIT 1");
    select_chunks_after = std::make_unique<statement>(
        db,
        "SELECT first_ts, last_ts, count, data FROM chunks WHERE series_id = ?1 AND first_ts > ?2 AND first_ts <= ?3 "
        "ORDER BY first_ts");
    // Starts at the chunk that holds `from` (the last one starting at or before it), so the
    // walk never visits the series' older chunks.
    select_range = std::make_unique<statement>(
        db,
        "WITH s(id) AS (SELECT id FROM series WHERE key = ?1) "
        "SELECT first_ts, last_ts, data FROM chunks, s WHERE series_id = s.id "
        "AND first_ts >= COALESCE((SELECT MAX(first_ts) FROM chunks WHERE series_id = s.id AND first_ts <= ?2), ?2) "
        "AND first_ts <= ?3 ORDER BY first_ts");
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
    insert_chunk.reset();
    delete_chunk.reset();
    select_chunk_at_or_before.reset();
    select_chunks_after.reset();
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
  migrate_sample_rows();
}

void sqlite_store::migrate_sample_rows() {
  // Files written before chunks kept one row per sample in a table `samples`.
  {
    statement exists(reader_->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'samples'");
    if (sqlite3_step(exists.get()) != SQLITE_ROW) return;
  }
  {
    statement rows(reader_->db,
                   "SELECT s.key, x.ts, x.value FROM samples x JOIN series s ON s.id = x.series_id "
                   "ORDER BY x.series_id, x.ts");
    std::vector<series_points> batch;
    std::size_t pending = 0;
    const auto flush = [&] {
      if (auto written = write(batch); !written.ok()) {
        throw std::runtime_error(fmt::format("sqlite: moving samples into chunks: {}", written.error));
      }
      batch.clear();
      pending = 0;
    };
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
      auto key = column_text(rows.get(), 0);
      if (batch.empty() || batch.back().series != key) batch.push_back({std::move(key), {}});
      batch.back().points.push_back({sqlite3_column_int64(rows.get(), 1), sqlite3_column_double(rows.get(), 2)});
      if (++pending == 1'000'000) flush();
    }
    if (rc != SQLITE_DONE) throw std::runtime_error(fmt::format("sqlite: reading old samples: {}", rows.error()));
    flush();
  }
  writer_->execute("DROP TABLE samples");
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

namespace {

// One chunk row from columns first_ts, last_ts, count, data starting at `column`.
chunk_row read_chunk(sqlite3_stmt* stmt, int column) {
  return {sqlite3_column_int64(stmt, column), sqlite3_column_int64(stmt, column + 1),
          static_cast<std::size_t>(sqlite3_column_int64(stmt, column + 2)), std::string(column_blob(stmt, column + 3))};
}

// Reads the rows a chunk query yields (columns first_ts, last_ts, count, data).
bool read_chunks(sqlite3_stmt* stmt, std::vector<chunk_row>& out) {
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) out.push_back(read_chunk(stmt, 0));
  return rc == SQLITE_DONE;
}

// Sorts by ts and keeps the first of equal ts: the order a series of INSERT OR IGNORE would
// have kept.
std::vector<point> sorted_unique(const std::vector<point>& points) {
  std::vector<point> sorted(points);
  std::stable_sort(sorted.begin(), sorted.end(), [](const point& a, const point& b) { return a.ts < b.ts; });
  sorted.erase(std::unique(sorted.begin(), sorted.end(), [](const point& a, const point& b) { return a.ts == b.ts; }),
               sorted.end());
  return sorted;
}

// Merges two ascending runs; on equal ts the stored point stays (a sample is stored once).
std::vector<point> merge_keeping_stored(const std::vector<point>& stored, const std::vector<point>& added) {
  std::vector<point> merged;
  merged.reserve(stored.size() + added.size());
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < stored.size() || j < added.size()) {
    if (j == added.size() || (i < stored.size() && stored[i].ts <= added[j].ts)) {
      if (j < added.size() && stored[i].ts == added[j].ts) ++j;
      merged.push_back(stored[i++]);
    } else {
      merged.push_back(added[j++]);
    }
  }
  return merged;
}

}  // namespace

status sqlite_store::delete_chunk(std::int64_t key, timestamp_ms first_ts) {
  auto* remove = writer_->delete_chunk->get();
  reset_on_exit reset{remove};
  sqlite3_bind_int64(remove, 1, key);
  sqlite3_bind_int64(remove, 2, first_ts);
  if (sqlite3_step(remove) != SQLITE_DONE) {
    return status::failure(fmt::format("sqlite: delete chunk: {}", sqlite3_errmsg(writer_->db)));
  }
  return status::success();
}

status sqlite_store::insert_chunks(std::int64_t key, std::span<const point> points) {
  auto* insert = writer_->insert_chunk->get();
  std::string blob;
  for (std::size_t at = 0; at < points.size(); at += max_chunk) {
    const auto piece = points.subspan(at, std::min(max_chunk, points.size() - at));
    blob.clear();
    encode_chunk(piece, blob);
    reset_on_exit reset{insert};
    sqlite3_bind_int64(insert, 1, key);
    sqlite3_bind_int64(insert, 2, piece.front().ts);
    sqlite3_bind_int64(insert, 3, piece.back().ts);
    sqlite3_bind_int64(insert, 4, static_cast<std::int64_t>(piece.size()));
    sqlite3_bind_blob(insert, 5, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
    if (sqlite3_step(insert) != SQLITE_DONE) {
      return status::failure(fmt::format("sqlite: insert: {}", sqlite3_errmsg(writer_->db)));
    }
  }
  return status::success();
}

status sqlite_store::write_series(std::int64_t key, const std::vector<point>& points) {
  if (points.empty()) return status::success();
  const auto added = sorted_unique(points);
  const auto first = added.front().ts;
  const auto last = added.back().ts;
  const auto db_error = [&](std::string_view what) {
    return status::failure(fmt::format("sqlite: {}: {}", what, sqlite3_errmsg(writer_->db)));
  };
  // The chunks to merge with: the one starting at or before `first` when it reaches into the
  // new range (or is small and last, so it grows), and every chunk starting inside the range.
  std::vector<chunk_row> before;
  {
    auto* stmt = writer_->select_chunk_at_or_before->get();
    reset_on_exit reset{stmt};
    sqlite3_bind_int64(stmt, 1, key);
    sqlite3_bind_int64(stmt, 2, first);
    if (!read_chunks(stmt, before)) return db_error("read chunk");
  }
  std::vector<chunk_row> inside;
  {
    auto* stmt = writer_->select_chunks_after->get();
    reset_on_exit reset{stmt};
    sqlite3_bind_int64(stmt, 1, key);
    sqlite3_bind_int64(stmt, 2, first);
    sqlite3_bind_int64(stmt, 3, last);
    if (!read_chunks(stmt, inside)) return db_error("read chunks");
  }
  // The common case, appending after a full chunk, decodes nothing: the row's count and
  // last_ts decide whether the chunk before takes part.
  std::vector<chunk_row> replaced;
  if (!before.empty()) {
    const bool overlaps = before.front().last_ts >= first;
    const bool grows = inside.empty() && before.front().count < small_chunk;
    if (overlaps || grows) replaced.push_back(std::move(before.front()));
  }
  for (auto& row : inside) replaced.push_back(std::move(row));
  if (replaced.empty()) return insert_chunks(key, added);
  std::vector<point> stored;
  for (const auto& row : replaced) {
    if (!decode_chunk(row.data, stored)) return status::failure("sqlite: a stored chunk is damaged");
    if (auto removed = delete_chunk(key, row.first_ts); !removed.ok()) return removed;
  }
  return insert_chunks(key, merge_keeping_stored(stored, added));
}

status sqlite_store::write(std::span<const series_points> batch) {
  std::lock_guard lock(write_mutex_);
  if (auto begun = writer_->try_execute("BEGIN IMMEDIATE"); !begun.ok()) return begun;
  const auto fail = [&](status failed) {
    (void)writer_->try_execute("ROLLBACK");
    keys_.clear();  // rows created in the rolled-back transaction are gone
    return failed;
  };
  for (const auto& series : batch) {
    std::int64_t key = 0;
    if (auto found = series_key(series.series, key); !found.ok()) return fail(std::move(found));
    if (auto written = write_series(key, series.points); !written.ok()) return fail(std::move(written));
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
  std::size_t visited = 0;
  std::vector<point> points;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (sqlite3_column_int64(stmt, 1) < range.from) continue;
    points.clear();
    if (!decode_chunk(column_blob(stmt, 2), points)) {
      return status::failure(fmt::format("sqlite: scan: a stored chunk of {} is damaged", range.series));
    }
    for (const auto& p : points) {
      if (p.ts < range.from) continue;
      if (p.ts > range.to) return status::success();
      if (!visit(p)) return status::success();
      if (range.limit != 0 && ++visited == range.limit) return status::success();
    }
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
  if (auto begun = writer_->try_execute("BEGIN IMMEDIATE"); !begun.ok()) return begun;
  const auto fail = [&](status failed) {
    (void)writer_->try_execute("ROLLBACK");
    return failed;
  };
  // Whole chunks first; `series_id IN (...)` lets SQLite walk each series' key prefix.
  const auto drop =
      fmt::format("DELETE FROM chunks WHERE series_id IN (SELECT id FROM series) AND last_ts < {}", cutoff);
  if (auto dropped = writer_->try_execute(drop.c_str()); !dropped.ok()) return fail(std::move(dropped));
  // Then the chunks that straddle the cutoff keep only their newer points.
  struct straddling {
    std::int64_t key;
    chunk_row row;
  };
  std::vector<straddling> trimmed;
  {
    const auto sql = fmt::format(
        "SELECT series_id, first_ts, last_ts, count, data FROM chunks WHERE series_id IN (SELECT id FROM series) "
        "AND first_ts < {}",
        cutoff);
    statement select(writer_->db, sql.c_str());
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
      trimmed.push_back({sqlite3_column_int64(select.get(), 0), read_chunk(select.get(), 1)});
    }
    if (rc != SQLITE_DONE) return fail(status::failure(fmt::format("sqlite: retention: {}", select.error())));
  }
  for (const auto& [key, row] : trimmed) {
    std::vector<point> points;
    if (!decode_chunk(row.data, points)) return fail(status::failure("sqlite: retention: a stored chunk is damaged"));
    std::erase_if(points, [&](const point& p) { return p.ts < cutoff; });
    if (auto removed = delete_chunk(key, row.first_ts); !removed.ok()) return fail(std::move(removed));
    if (auto kept = insert_chunks(key, points); !kept.ok()) return fail(std::move(kept));
  }
  auto committed = writer_->try_execute("COMMIT");
  if (!committed.ok()) (void)writer_->try_execute("ROLLBACK");
  return committed;
}

status sqlite_store::ping() {
  std::lock_guard lock(read_mutex_);
  return reader_->try_execute("SELECT 1 FROM series LIMIT 1");
}

}  // namespace telemetry::store
