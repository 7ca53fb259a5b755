#include "store/mongo_store.hpp"

#include <fmt/format.h>
#include <mongoc/mongoc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_set>
#include <utility>

#include "telemetry/common/series_id.hpp"

// bson_t is declared 128-byte aligned and GCC warns that a template argument drops that
// attribute; the only such use here, insert_many's std::vector<const bson_t*>, holds pointers.
#pragma GCC diagnostic ignored "-Wignored-attributes"

namespace telemetry::store {

namespace {

constexpr const char* samples_name = "samples";
constexpr const char* series_name = "series";
constexpr const char* default_database = "telemetry";
constexpr std::int32_t default_selection_timeout_ms = 5000;
// MongoDB's own name for the key pattern, so an index an operator made by hand is the same one.
constexpr const char* range_index_name = "meta.source_1_meta.signal_1_ts_1";
constexpr std::uint32_t namespace_exists = 48;
constexpr std::uint32_t index_options_conflict = 85;

void log_to_spdlog(mongoc_log_level_t level, const char* domain, const char* message, void* /*user_data*/) {
  switch (level) {
    case MONGOC_LOG_LEVEL_ERROR:
    case MONGOC_LOG_LEVEL_CRITICAL: spdlog::error("{}: {}", domain, message); break;
    case MONGOC_LOG_LEVEL_WARNING: spdlog::warn("{}: {}", domain, message); break;
    case MONGOC_LOG_LEVEL_MESSAGE:
    case MONGOC_LOG_LEVEL_INFO: spdlog::info("{}: {}", domain, message); break;
    case MONGOC_LOG_LEVEL_DEBUG:
    case MONGOC_LOG_LEVEL_TRACE: spdlog::debug("{}: {}", domain, message); break;
  }
}

// libmongoc must be initialised once per process and cleaned up after its last use.
struct driver {
  driver() {
    mongoc_init();
    mongoc_log_set_handler(log_to_spdlog, nullptr);
  }
  ~driver() {
    mongoc_log_set_handler(nullptr, nullptr);  // spdlog may already be gone at exit
    mongoc_cleanup();
  }
  driver(const driver&) = delete;
  driver& operator=(const driver&) = delete;
};

void ensure_driver() {
  static const driver instance;
}

// A bson_t on the stack; bson_t keeps small documents inline, so it is neither copied nor moved.
class bson_doc {
 public:
  bson_doc() { bson_init(&doc_); }
  ~bson_doc() { bson_destroy(&doc_); }
  bson_doc(const bson_doc&) = delete;
  bson_doc& operator=(const bson_doc&) = delete;
  [[nodiscard]] bson_t* get() noexcept { return &doc_; }

 private:
  bson_t doc_;
};

// A document from bson_new(). Not a unique_ptr<bson_t>: a template argument would drop
// bson_t's alignment attribute, and clang rejects passing such a pointer to libbson.
class heap_doc {
 public:
  heap_doc() : doc_(bson_new()) {}
  ~heap_doc() {
    if (doc_ != nullptr) bson_destroy(doc_);
  }
  heap_doc(heap_doc&& other) noexcept : doc_(std::exchange(other.doc_, nullptr)) {}
  heap_doc(const heap_doc&) = delete;
  heap_doc& operator=(const heap_doc&) = delete;
  heap_doc& operator=(heap_doc&&) = delete;
  [[nodiscard]] bson_t* get() const noexcept { return doc_; }

 private:
  bson_t* doc_;
};

template <typename T, void (*destroy)(T*)>
struct destroyer {
  void operator()(T* handle) const { destroy(handle); }
};
using owned_uri = std::unique_ptr<mongoc_uri_t, destroyer<mongoc_uri_t, mongoc_uri_destroy>>;
using owned_write_concern =
    std::unique_ptr<mongoc_write_concern_t, destroyer<mongoc_write_concern_t, mongoc_write_concern_destroy>>;
using owned_collection =
    std::unique_ptr<mongoc_collection_t, destroyer<mongoc_collection_t, mongoc_collection_destroy>>;
using owned_database = std::unique_ptr<mongoc_database_t, destroyer<mongoc_database_t, mongoc_database_destroy>>;
using owned_cursor = std::unique_ptr<mongoc_cursor_t, destroyer<mongoc_cursor_t, mongoc_cursor_destroy>>;

std::string one_line(const bson_error_t& error) {
  std::string message = error.message;
  std::replace(message.begin(), message.end(), '\n', ' ');
  return message;
}

status failure(std::string_view what, const bson_error_t& error) {
  return status::failure(fmt::format("mongodb: {}: {}", what, one_line(error)));
}

void append_utf8(bson_t* doc, const char* key, std::string_view text) {
  bson_append_utf8(doc, key, -1, text.data(), static_cast<int>(text.size()));
}

void append_optional(bson_t* doc, const char* key, const std::optional<double>& value) {
  if (value) {
    bson_append_double(doc, key, -1, *value);
  } else {
    bson_append_null(doc, key, -1);
  }
}

std::string text_field(const bson_t* doc, const char* key) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, doc, key) || !BSON_ITER_HOLDS_UTF8(&it)) return {};
  std::uint32_t length = 0;
  const char* text = bson_iter_utf8(&it, &length);
  return {text, length};
}

std::optional<double> number_of(const bson_iter_t& found) {
  switch (bson_iter_type(&found)) {
    case BSON_TYPE_DOUBLE: return bson_iter_double(&found);
    case BSON_TYPE_INT32: return bson_iter_int32(&found);
    case BSON_TYPE_INT64: return static_cast<double>(bson_iter_int64(&found));
    default: return std::nullopt;
  }
}

std::optional<double> number_field(const bson_t* doc, const char* key) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, doc, key)) return std::nullopt;
  return number_of(it);
}

// The series key of every query: {"meta.source": source, "meta.signal": signal}, which the
// range index serves.
void append_series_filter(bson_t* filter, const series_id& id) {
  append_utf8(filter, "meta.source", id.source);
  append_utf8(filter, "meta.signal", id.signal);
}

void append_time_range(bson_t* filter, timestamp_ms from, timestamp_ms to) {
  bson_t range;
  bson_append_document_begin(filter, "ts", -1, &range);
  bson_append_date_time(&range, "$gte", -1, from);
  bson_append_date_time(&range, "$lte", -1, to);
  bson_append_document_end(filter, &range);
}

heap_doc sample_document(const series_id& id, const point& p) {
  heap_doc doc;
  bson_append_date_time(doc.get(), "ts", -1, p.ts);
  bson_t meta;
  bson_append_document_begin(doc.get(), "meta", -1, &meta);
  append_utf8(&meta, "source", id.source);
  append_utf8(&meta, "signal", id.signal);
  bson_append_document_end(doc.get(), &meta);
  bson_append_double(doc.get(), "value", -1, p.value);
  return doc;
}

}  // namespace

struct mongo_store::connection {
  mongoc_client_pool_t* pool = nullptr;
  std::string database;

  connection() = default;
  ~connection() {
    if (pool != nullptr) mongoc_client_pool_destroy(pool);
  }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // A client from the pool for one call; the pool blocks when all are lent out.
  class lease {
   public:
    explicit lease(mongoc_client_pool_t* pool) : pool_(pool), client_(mongoc_client_pool_pop(pool)) {}
    ~lease() { mongoc_client_pool_push(pool_, client_); }
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    [[nodiscard]] mongoc_client_t* get() const noexcept { return client_; }

   private:
    mongoc_client_pool_t* pool_;
    mongoc_client_t* client_;
  };

  [[nodiscard]] owned_collection collection(const lease& client, const char* name) const {
    return owned_collection(mongoc_client_get_collection(client.get(), database.c_str(), name));
  }
};

namespace {

[[noreturn]] void fail_to_open(std::string_view what, const bson_error_t& error) {
  throw std::runtime_error(fmt::format("mongodb: {}: {}", what, one_line(error)));
}

// Finds `samples` in listCollections; creates it when missing, else checks its type and
// brings its expiry in line with the retention.
void ensure_samples(mongoc_database_t* db, const std::string& name, std::chrono::seconds retention) {
  bson_doc opts;
  bson_t filter;
  bson_append_document_begin(opts.get(), "filter", -1, &filter);
  bson_append_utf8(&filter, "name", -1, samples_name, -1);
  bson_append_document_end(opts.get(), &filter);
  owned_cursor cursor(mongoc_database_find_collections_with_opts(db, opts.get()));
  bool found = false;
  bool timeseries = false;
  std::optional<double> expiry;
  const bson_t* info = nullptr;
  while (mongoc_cursor_next(cursor.get(), &info)) {
    if (text_field(info, "name") != samples_name) continue;
    found = true;
    timeseries = text_field(info, "type") == "timeseries";
    bson_iter_t it;
    if (bson_iter_init(&it, info) && bson_iter_find_descendant(&it, "options.expireAfterSeconds", &it)) {
      expiry = number_of(it);
    }
  }
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error)) fail_to_open(fmt::format("{}: listCollections", name), error);

  const auto seconds = static_cast<std::int64_t>(retention.count());
  if (!found) {
    bson_doc options;
    bson_t ts;
    bson_append_document_begin(options.get(), "timeseries", -1, &ts);
    bson_append_utf8(&ts, "timeField", -1, "ts", -1);
    bson_append_utf8(&ts, "metaField", -1, "meta", -1);
    bson_append_utf8(&ts, "granularity", -1, "seconds", -1);
    bson_append_document_end(options.get(), &ts);
    if (seconds > 0) bson_append_int64(options.get(), "expireAfterSeconds", -1, seconds);
    auto* created = mongoc_database_create_collection(db, samples_name, options.get(), &error);
    if (created != nullptr) {
      mongoc_collection_destroy(created);
    } else if (error.code != namespace_exists) {  // another backend was faster
      fail_to_open(fmt::format("{}: create {}", name, samples_name), error);
    }
    return;
  }
  if (!timeseries) {
    throw std::runtime_error(
        fmt::format("mongodb: {}.{} exists but is not a time-series collection", name, samples_name));
  }
  const bool same = seconds > 0 ? expiry && *expiry == static_cast<double>(seconds) : !expiry;
  if (same) return;
  bson_doc command;
  bson_append_utf8(command.get(), "collMod", -1, samples_name, -1);
  if (seconds > 0) {
    bson_append_int64(command.get(), "expireAfterSeconds", -1, seconds);
  } else {
    bson_append_utf8(command.get(), "expireAfterSeconds", -1, "off", -1);
  }
  if (!mongoc_database_write_command_with_opts(db, command.get(), nullptr, nullptr, &error)) {
    fail_to_open(fmt::format("{}: set the retention of {}", name, samples_name), error);
  }
}

void ensure_range_index(mongoc_collection_t* samples, const std::string& name) {
  bson_doc command;
  bson_append_utf8(command.get(), "createIndexes", -1, samples_name, -1);
  bson_t indexes;
  bson_t index;
  bson_t key;
  bson_append_array_begin(command.get(), "indexes", -1, &indexes);
  bson_append_document_begin(&indexes, "0", -1, &index);
  bson_append_document_begin(&index, "key", -1, &key);
  bson_append_int32(&key, "meta.source", -1, 1);
  bson_append_int32(&key, "meta.signal", -1, 1);
  bson_append_int32(&key, "ts", -1, 1);
  bson_append_document_end(&index, &key);
  bson_append_utf8(&index, "name", -1, range_index_name, -1);
  bson_append_document_end(&indexes, &index);
  bson_append_array_end(command.get(), &indexes);
  bson_error_t error;
  // Idempotent; an equivalent index under another name is as good.
  if (!mongoc_collection_write_command_with_opts(samples, command.get(), nullptr, nullptr, &error) &&
      error.code != index_options_conflict) {
    fail_to_open(fmt::format("{}: createIndexes on {}", name, samples_name), error);
  }
}

}  // namespace

mongo_store::mongo_store(const std::string& uri, std::chrono::seconds retention)
    : connection_(std::make_unique<connection>()) {
  ensure_driver();
  bson_error_t error;
  owned_uri parsed(mongoc_uri_new_with_error(uri.c_str(), &error));
  if (!parsed) fail_to_open("invalid URI", error);
  if (!mongoc_uri_has_option(parsed.get(), MONGOC_URI_SERVERSELECTIONTIMEOUTMS)) {
    mongoc_uri_set_option_as_int32(parsed.get(), MONGOC_URI_SERVERSELECTIONTIMEOUTMS, default_selection_timeout_ms);
  }
  // Journaled writes survive a crash of mongod; w stays as the URI says, 1 by default.
  owned_write_concern concern(mongoc_write_concern_copy(mongoc_uri_get_write_concern(parsed.get())));
  if (mongoc_write_concern_get_w(concern.get()) == MONGOC_WRITE_CONCERN_W_DEFAULT) {
    mongoc_write_concern_set_w(concern.get(), 1);
  }
  mongoc_write_concern_set_journal(concern.get(), true);
  mongoc_uri_set_write_concern(parsed.get(), concern.get());
  const char* database = mongoc_uri_get_database(parsed.get());
  connection_->database = database != nullptr && *database != '\0' ? database : default_database;

  connection_->pool = mongoc_client_pool_new(parsed.get());
  if (connection_->pool == nullptr) throw std::runtime_error("mongodb: cannot create a client pool for the URI");
  mongoc_client_pool_set_error_api(connection_->pool, MONGOC_ERROR_API_VERSION_2);
  mongoc_client_pool_set_appname(connection_->pool, "telemetry-backend");

  const connection::lease client(connection_->pool);
  const owned_database db(mongoc_client_get_database(client.get(), connection_->database.c_str()));
  ensure_samples(db.get(), connection_->database, retention);
  ensure_range_index(connection_->collection(client, samples_name).get(), connection_->database);
}

mongo_store::~mongo_store() = default;

status mongo_store::write(std::span<const series_points> batch) {
  std::lock_guard lock(write_mutex_);
  const connection::lease client(connection_->pool);
  const auto samples = connection_->collection(client, samples_name);
  std::vector<heap_doc> documents;
  for (const auto& series : batch) {
    if (series.points.empty()) continue;
    const auto id = parse_series_id(series.series);
    if (!id) return status::failure(fmt::format("mongodb: write: invalid series id '{}'", series.series));

    // Within the batch the first sample of a timestamp wins, as in every store.
    std::unordered_set<timestamp_ms> seen;
    std::vector<const point*> fresh;
    timestamp_ms first = std::numeric_limits<timestamp_ms>::max();
    timestamp_ms last = std::numeric_limits<timestamp_ms>::min();
    for (const auto& p : series.points) {
      if (!seen.insert(p.ts).second) continue;
      fresh.push_back(&p);
      first = std::min(first, p.ts);
      last = std::max(last, p.ts);
    }

    // The timestamps already stored in the batch's range are left out of the insert.
    bson_doc filter;
    append_series_filter(filter.get(), *id);
    append_time_range(filter.get(), first, last);
    bson_doc opts;
    bson_t projection;
    bson_append_document_begin(opts.get(), "projection", -1, &projection);
    bson_append_int32(&projection, "_id", -1, 0);
    bson_append_int32(&projection, "ts", -1, 1);
    bson_append_document_end(opts.get(), &projection);
    owned_cursor cursor(mongoc_collection_find_with_opts(samples.get(), filter.get(), opts.get(), nullptr));
    std::unordered_set<timestamp_ms> stored;
    const bson_t* doc = nullptr;
    while (mongoc_cursor_next(cursor.get(), &doc)) {
      bson_iter_t it;
      if (bson_iter_init_find(&it, doc, "ts") && BSON_ITER_HOLDS_DATE_TIME(&it)) {
        stored.insert(bson_iter_date_time(&it));
      }
    }
    bson_error_t error;
    if (mongoc_cursor_error(cursor.get(), &error)) return failure("find stored samples", error);
    for (const auto* p : fresh) {
      if (!stored.contains(p->ts)) documents.push_back(sample_document(*id, *p));
    }
  }
  if (documents.empty()) return status::success();

  std::vector<const bson_t*> pointers;
  pointers.reserve(documents.size());
  for (const auto& doc : documents) pointers.push_back(doc.get());
  bson_doc opts;
  bson_append_bool(opts.get(), "ordered", -1, false);  // one bad sample must not stop the rest
  bson_error_t error;
  if (!mongoc_collection_insert_many(samples.get(), pointers.data(), pointers.size(), opts.get(), nullptr, &error)) {
    return failure("insert", error);
  }
  return status::success();
}

status mongo_store::scan(const scan_range& range, const point_visitor& visit) {
  const auto id = parse_series_id(range.series);
  if (!id) return status::success();  // no such series can have been written
  const connection::lease client(connection_->pool);
  const auto samples = connection_->collection(client, samples_name);
  bson_doc filter;
  append_series_filter(filter.get(), *id);
  append_time_range(filter.get(), range.from, range.to);
  bson_doc opts;
  bson_t projection;
  bson_append_document_begin(opts.get(), "projection", -1, &projection);
  bson_append_int32(&projection, "_id", -1, 0);
  bson_append_int32(&projection, "ts", -1, 1);
  bson_append_int32(&projection, "value", -1, 1);
  bson_append_document_end(opts.get(), &projection);
  bson_t sort;
  bson_append_document_begin(opts.get(), "sort", -1, &sort);
  bson_append_int32(&sort, "ts", -1, 1);
  bson_append_document_end(opts.get(), &sort);
  if (range.limit > 0) {
    constexpr auto most = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    bson_append_int64(opts.get(), "limit", -1, static_cast<std::int64_t>(std::min(range.limit, most)));
  }
  owned_cursor cursor(mongoc_collection_find_with_opts(samples.get(), filter.get(), opts.get(), nullptr));
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor.get(), &doc)) {
    bson_iter_t it;
    if (!bson_iter_init_find(&it, doc, "ts") || !BSON_ITER_HOLDS_DATE_TIME(&it)) continue;
    const auto ts = bson_iter_date_time(&it);
    const auto value = number_field(doc, "value");
    if (!value) continue;
    if (!visit(point{ts, *value})) return status::success();
  }
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error)) return failure("scan", error);
  return status::success();
}

status mongo_store::upsert_series(const series_record& record) {
  const connection::lease client(connection_->pool);
  const auto series = connection_->collection(client, series_name);
  bson_doc selector;
  append_utf8(selector.get(), "_id", record.series);
  bson_doc replacement;
  append_utf8(replacement.get(), "name", record.meta.name);
  append_utf8(replacement.get(), "unit", record.meta.unit);
  append_optional(replacement.get(), "min", record.meta.min);
  append_optional(replacement.get(), "max", record.meta.max);
  append_utf8(replacement.get(), "description", record.meta.description);
  bson_doc opts;
  bson_append_bool(opts.get(), "upsert", -1, true);
  bson_error_t error;
  if (!mongoc_collection_replace_one(series.get(), selector.get(), replacement.get(), opts.get(), nullptr, &error)) {
    return failure("series metadata", error);
  }
  return status::success();
}

status mongo_store::list_series(std::vector<series_record>& out) {
  const connection::lease client(connection_->pool);
  std::map<std::string, series_meta, std::less<>> found;
  bson_error_t error;
  {
    const auto series = connection_->collection(client, series_name);
    bson_doc filter;
    owned_cursor cursor(mongoc_collection_find_with_opts(series.get(), filter.get(), nullptr, nullptr));
    const bson_t* doc = nullptr;
    while (mongoc_cursor_next(cursor.get(), &doc)) {
      found[text_field(doc, "_id")] = {text_field(doc, "name"), text_field(doc, "unit"), number_field(doc, "min"),
                                       number_field(doc, "max"), text_field(doc, "description")};
    }
    if (mongoc_cursor_error(cursor.get(), &error)) return failure("series", error);
  }
  {
    // Series that have samples but never got metadata are listed too.
    const auto samples = connection_->collection(client, samples_name);
    bson_doc pipeline;
    bson_t stages;
    bson_t stage;
    bson_t group;
    bson_append_array_begin(pipeline.get(), "pipeline", -1, &stages);
    bson_append_document_begin(&stages, "0", -1, &stage);
    bson_append_document_begin(&stage, "$group", -1, &group);
    bson_append_utf8(&group, "_id", -1, "$meta", -1);
    bson_append_document_end(&stage, &group);
    bson_append_document_end(&stages, &stage);
    bson_append_array_end(pipeline.get(), &stages);
    owned_cursor cursor(
        mongoc_collection_aggregate(samples.get(), MONGOC_QUERY_NONE, pipeline.get(), nullptr, nullptr));
    const bson_t* doc = nullptr;
    while (mongoc_cursor_next(cursor.get(), &doc)) {
      bson_iter_t it;
      bson_iter_t meta;
      if (!bson_iter_init_find(&it, doc, "_id") || !BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &meta)) {
        continue;
      }
      std::string source;
      std::string signal;
      while (bson_iter_next(&meta)) {
        if (!BSON_ITER_HOLDS_UTF8(&meta)) continue;
        const std::string_view key = bson_iter_key(&meta);
        if (key == "source") source = bson_iter_utf8(&meta, nullptr);
        if (key == "signal") signal = bson_iter_utf8(&meta, nullptr);
      }
      if (source.empty() || signal.empty()) continue;
      found.try_emplace(fmt::format("{}/{}", source, signal));
    }
    if (mongoc_cursor_error(cursor.get(), &error)) return failure("series with samples", error);
  }
  for (auto& [series, meta] : found) out.push_back({series, std::move(meta)});
  return status::success();
}

status mongo_store::delete_before(timestamp_ms cutoff) {
  const connection::lease client(connection_->pool);
  const auto samples = connection_->collection(client, samples_name);
  bson_doc selector;
  bson_t range;
  bson_append_document_begin(selector.get(), "ts", -1, &range);
  bson_append_date_time(&range, "$lt", -1, cutoff);
  bson_append_document_end(selector.get(), &range);
  bson_error_t error;
  if (!mongoc_collection_delete_many(samples.get(), selector.get(), nullptr, nullptr, &error)) {
    return failure("delete", error);
  }
  return status::success();
}

status mongo_store::ping() {
  const connection::lease client(connection_->pool);
  bson_doc command;
  bson_append_int32(command.get(), "ping", -1, 1);
  bson_error_t error;
  if (!mongoc_client_command_simple(client.get(), "admin", command.get(), nullptr, nullptr, &error)) {
    return failure("ping", error);
  }
  return status::success();
}

}  // namespace telemetry::store
