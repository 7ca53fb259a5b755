#include "store/mongo_store.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <mongoc/mongoc.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "store_conformance.hpp"
#include "telemetry/testing/child_process.hpp"

namespace telemetry::store {
namespace {

using telemetry::testing::child_process;
using telemetry::testing::temp_dir;
using testing::store_factory;
using testing::StoreConformance;
using namespace std::chrono_literals;

constexpr timestamp_ms t0 = 1764857000000;          // the mock's canned samples start here too
constexpr const char* python = "/usr/bin/python3";  // Debian's, which sees python3-mockupdb

// Owns a libbson document (not a unique_ptr<bson_t>: that would drop bson_t's alignment).
class owned_doc {
 public:
  explicit owned_doc(bson_t* doc) : doc_(doc) {}
  ~owned_doc() {
    if (doc_ != nullptr) bson_destroy(doc_);
  }
  owned_doc(owned_doc&& other) noexcept : doc_(std::exchange(other.doc_, nullptr)) {}
  owned_doc(const owned_doc&) = delete;
  owned_doc& operator=(const owned_doc&) = delete;
  owned_doc& operator=(owned_doc&&) = delete;
  [[nodiscard]] bson_t* get() const noexcept { return doc_; }

 private:
  bson_t* doc_;
};

owned_doc parse_json(const std::string& text) {
  bson_error_t error;
  owned_doc doc(bson_new_from_json(reinterpret_cast<const std::uint8_t*>(text.data()),
                                   static_cast<ssize_t>(text.size()), &error));
  if (doc.get() == nullptr) throw std::runtime_error("bad JSON (" + std::string(error.message) + "): " + text);
  return doc;
}

std::string relaxed(const bson_t* doc) {
  char* text = bson_as_relaxed_extended_json(doc, nullptr);
  std::string out = text;
  bson_free(text);
  return out;
}

// Both sides of a comparison go through libbson's relaxed JSON, so spacing and int32/int64
// do not matter but dates, doubles and strings do.
std::string json(const std::string& value) {
  return relaxed(parse_json(R"({"v": )" + value + "}").get());
}

std::string date(timestamp_ms ms) {
  return R"({"$date": {"$numberLong": ")" + std::to_string(ms) + R"("}})";
}

// The value at a dotted path of `doc` in the form json() gives, "<missing>" when absent.
std::string field(const bson_t* doc, const char* path) {
  bson_iter_t it;
  bson_iter_t found;
  if (!bson_iter_init(&it, doc) || !bson_iter_find_descendant(&it, path, &found)) return "<missing>";
  bson_t wrapper = BSON_INITIALIZER;
  bson_append_iter(&wrapper, "v", -1, &found);
  auto out = relaxed(&wrapper);
  bson_destroy(&wrapper);
  return out;
}

// The elements of the array at `path`, each without its client-generated _id.
std::vector<std::string> documents_without_id(const bson_t* doc, const char* path) {
  std::vector<std::string> out;
  bson_iter_t it;
  bson_iter_t array;
  if (!bson_iter_init(&it, doc) || !bson_iter_find_descendant(&it, path, &it) || !bson_iter_recurse(&it, &array)) {
    return out;
  }
  while (bson_iter_next(&array)) {
    std::uint32_t length = 0;
    const std::uint8_t* data = nullptr;
    bson_iter_document(&array, &length, &data);
    bson_t element;
    if (data == nullptr || !bson_init_static(&element, data, length)) continue;
    bson_t stripped = BSON_INITIALIZER;
    bson_copy_to_excluding_noinit(&element, &stripped, "_id", nullptr);
    out.push_back(relaxed(&stripped));
    bson_destroy(&stripped);
  }
  return out;
}

std::string utf8_at(const bson_t* doc, const char* key) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, doc, key) || !BSON_ITER_HOLDS_UTF8(&it)) return {};
  return bson_iter_utf8(&it, nullptr);
}

std::string document(const std::string& text) {
  return relaxed(parse_json(text).get());
}

std::string sample_json(const char* source, const char* signal, timestamp_ms ts, const char* value) {
  return document(R"({"ts": )" + date(ts) + R"(, "meta": {"source": ")" + source + R"(", "signal": ")" + signal +
                  R"("}, "value": )" + value + "}");
}

struct logged_command {
  std::string name;
  std::string database;
  std::shared_ptr<owned_doc> doc;
  [[nodiscard]] std::string at(const char* path) const { return field(doc->get(), path); }
};

// tests/mongo_wire/mock_mongod.py in a child process: a scripted server on a loopback port
// that logs every command libmongoc sends as a JSON line.
class mock_mongod {
 public:
  explicit mock_mongod(const std::string& scenario) { start(scenario, 0); }

  void start(const std::string& scenario, int port) {
    const auto out = dir_.path() + "/server-" + std::to_string(++starts_) + ".log";
    process_ = std::make_unique<child_process>(
        std::vector<std::string>{python, std::string(TELEMETRY_MONGO_WIRE_DIR) + "/mock_mongod.py", scenario,
                                 log_path(), std::to_string(port)},
        out);
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(out);
      std::string word;
      int bound = 0;
      if (in >> word >> bound && word == "port" && bound > 0) {
        port_ = bound;
        return;
      }
      if (!process_->running()) break;
      std::this_thread::sleep_for(20ms);
    }
    throw std::runtime_error("mock_mongod did not start: " + process_->log());
  }

  void kill() { process_->stop(SIGKILL); }
  // Again on the same port. While it was free, something else may hold it for a moment: a
  // parallel test's listener, or libmongoc's own retry, whose connect to a closed port can
  // come back connected to itself when the kernel hands it that very port.
  void restart(const std::string& scenario) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    for (;;) {
      try {
        start(scenario, port_);
        return;
      } catch (const std::runtime_error& e) {
        if (std::string_view(e.what()).find("Address already in use") == std::string_view::npos ||
            std::chrono::steady_clock::now() > deadline) {
          throw;
        }
      }
      std::this_thread::sleep_for(200ms);
    }
  }

  [[nodiscard]] std::string uri(const std::string& database = "telemetry_wire") const {
    return "mongodb://127.0.0.1:" + std::to_string(port_) + "/" + database + "?serverSelectionTimeoutMS=2000";
  }

  // Every command received so far, in order; `name` keeps only those.
  [[nodiscard]] std::vector<logged_command> commands(const std::string& name = "") const {
    std::vector<logged_command> out;
    std::ifstream in(log_path());
    std::string line;
    while (std::getline(in, line)) {
      if (in.eof()) break;  // a line still being written
      const auto parsed = parse_json(line);
      logged_command command{utf8_at(parsed.get(), "command"), utf8_at(parsed.get(), "database"), nullptr};
      bson_iter_t it;
      bson_iter_t doc;
      std::uint32_t length = 0;
      const std::uint8_t* data = nullptr;
      if (bson_iter_init_find(&it, parsed.get(), "document") && bson_iter_recurse(&it, &doc)) {
        bson_iter_document(&it, &length, &data);
      }
      command.doc = std::make_shared<owned_doc>(bson_new_from_data(data, length));
      if (name.empty() || command.name == name) out.push_back(std::move(command));
    }
    return out;
  }

  [[nodiscard]] std::vector<std::string> command_names() const {
    std::vector<std::string> names;
    for (const auto& command : commands()) {
      if (command.name != "endSessions") names.push_back(command.name);
    }
    return names;
  }

  [[nodiscard]] std::string log() const { return process_->log(); }

 private:
  [[nodiscard]] std::string log_path() const { return dir_.path() + "/commands.jsonl"; }

  temp_dir dir_;
  std::unique_ptr<child_process> process_;
  int port_ = 0;
  int starts_ = 0;
};

std::vector<point> read_all(store& db, const scan_range& range) {
  std::vector<point> out;
  const auto result = db.scan(range, [&](const point& p) {
    out.push_back(p);
    return true;
  });
  EXPECT_TRUE(result.ok()) << result.error;
  return out;
}

// --- start-up ------------------------------------------------------------------------------

TEST(MongoStoreWire, FirstStartCreatesTimeSeriesCollectionAndRangeIndex) {
  mock_mongod server("empty");
  { mongo_store db(server.uri(), std::chrono::seconds(3600)); }
  EXPECT_EQ(server.command_names(), (std::vector<std::string>{"listCollections", "create", "createIndexes"}));

  const auto list = server.commands("listCollections").at(0);
  EXPECT_EQ(list.database, "telemetry_wire");
  EXPECT_EQ(list.at("filter"), json(R"({"name": "samples"})"));

  const auto create = server.commands("create").at(0);
  EXPECT_EQ(create.at("create"), json(R"("samples")"));
  EXPECT_EQ(create.at("timeseries"), json(R"({"timeField": "ts", "metaField": "meta", "granularity": "seconds"})"));
  EXPECT_EQ(create.at("expireAfterSeconds"), json("3600"));
  EXPECT_EQ(create.at("$db"), json(R"("telemetry_wire")"));

  const auto index = server.commands("createIndexes").at(0);
  EXPECT_EQ(index.at("createIndexes"), json(R"("samples")"));
  EXPECT_EQ(
      index.at("indexes"),
      json(R"([{"key": {"meta.source": 1, "meta.signal": 1, "ts": 1}, "name": "meta.source_1_meta.signal_1_ts_1"}])"));
}

TEST(MongoStoreWire, DatabaseDefaultsToTelemetryAndZeroRetentionNeverExpires) {
  mock_mongod server("empty");
  { mongo_store db(server.uri(""), std::chrono::seconds(0)); }
  const auto create = server.commands("create").at(0);
  EXPECT_EQ(create.at("$db"), json(R"("telemetry")"));
  EXPECT_EQ(create.at("expireAfterSeconds"), "<missing>");
}

TEST(MongoStoreWire, ExistingCollectionIsKeptAndItsRetentionAligned) {
  mock_mongod server("existing");  // samples expire after 86400 s there
  { mongo_store db(server.uri(), std::chrono::seconds(86400)); }
  EXPECT_EQ(server.command_names(), (std::vector<std::string>{"listCollections", "createIndexes"}));
  { mongo_store db(server.uri(), std::chrono::seconds(7200)); }
  const auto names = server.command_names();
  ASSERT_EQ(names.size(), 5U);
  EXPECT_EQ(names[3], "collMod");
  const auto change = server.commands("collMod").at(0);
  EXPECT_EQ(change.at("collMod"), json(R"("samples")"));
  EXPECT_EQ(change.at("expireAfterSeconds"), json("7200"));
}

TEST(MongoStoreWire, UnreachableServerThrowsAOneLineError) {
  const int port = telemetry::testing::free_port();
  const auto started = std::chrono::steady_clock::now();
  try {
    mongo_store db("mongodb://127.0.0.1:" + std::to_string(port) + "/t?serverSelectionTimeoutMS=300",
                   std::chrono::seconds(60));
    FAIL() << "constructed without a server";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("mongodb: ", 0), 0U) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(MongoStoreWire, MalformedUriThrows) {
  EXPECT_THROW(mongo_store("mongodb://", std::chrono::seconds(60)), std::runtime_error);
  EXPECT_THROW(mongo_store("mongodb://127.0.0.1:1/t?serverSelectionTimeoutMS=nan", std::chrono::seconds(60)),
               std::runtime_error);
}

// --- samples -------------------------------------------------------------------------------

TEST(MongoStoreWire, WriteChecksStoredTimestampsThenInsertsUnorderedAndJournaled) {
  mock_mongod server("empty");
  mongo_store db(server.uri(), std::chrono::seconds(3600));
  const std::vector<series_points> batch{{"plant/a", {{t0 + 200, 2.0}, {t0, 1.0}, {t0 + 200, 9.0}}},
                                         {"plant/b", {{t0 + 50, 0.5}}}};
  ASSERT_TRUE(db.write(batch).ok());

  const auto finds = server.commands("find");
  ASSERT_EQ(finds.size(), 2U);
  EXPECT_EQ(finds[0].at("find"), json(R"("samples")"));
  EXPECT_EQ(finds[0].at("filter"), json(R"({"meta.source": "plant", "meta.signal": "a", "ts": {"$gte": )" + date(t0) +
                                        R"(, "$lte": )" + date(t0 + 200) + "}}"));
  EXPECT_EQ(finds[0].at("projection"), json(R"({"_id": 0, "ts": 1})"));
  EXPECT_EQ(finds[1].at("filter"), json(R"({"meta.source": "plant", "meta.signal": "b", "ts": {"$gte": )" +
                                        date(t0 + 50) + R"(, "$lte": )" + date(t0 + 50) + "}}"));

  const auto inserts = server.commands("insert");
  ASSERT_EQ(inserts.size(), 1U);
  EXPECT_EQ(inserts[0].at("insert"), json(R"("samples")"));
  EXPECT_EQ(inserts[0].at("ordered"), json("false"));
  EXPECT_EQ(inserts[0].at("writeConcern"), json(R"({"w": 1, "j": true})"));
  // Within a batch the first sample of a timestamp wins.
  EXPECT_EQ(documents_without_id(inserts[0].doc->get(), "documents"),
            (std::vector<std::string>{sample_json("plant", "a", t0 + 200, "2.0"), sample_json("plant", "a", t0, "1.0"),
                                      sample_json("plant", "b", t0 + 50, "0.5")}));
  EXPECT_EQ(server.command_names().back(), "insert");
}

TEST(MongoStoreWire, WriteLeavesOutTimestampsAlreadyStored) {
  mock_mongod server("existing");  // plant/a holds t0+100, t0+300, t0+500
  mongo_store db(server.uri(), std::chrono::seconds(86400));
  ASSERT_TRUE(db.write(std::vector<series_points>{{"plant/a", {{t0, 1.0}, {t0 + 100, 7.0}, {t0 + 300, 7.0}}}}).ok());
  const auto inserts = server.commands("insert");
  ASSERT_EQ(inserts.size(), 1U);
  EXPECT_EQ(documents_without_id(inserts[0].doc->get(), "documents"),
            (std::vector<std::string>{sample_json("plant", "a", t0, "1.0")}));

  // Nothing new: no insert at all.
  ASSERT_TRUE(db.write(std::vector<series_points>{{"plant/a", {{t0 + 500, 7.0}}}}).ok());
  EXPECT_EQ(server.commands("insert").size(), 1U);
  EXPECT_EQ(server.command_names().back(), "find");
}

TEST(MongoStoreWire, ScanSendsRangeFilterSortLimitAndProjection) {
  mock_mongod server("existing");
  mongo_store db(server.uri(), std::chrono::seconds(86400));
  const auto read = read_all(db, {"plant/a", t0, t0 + 1000, 10});
  EXPECT_EQ(read, (std::vector<point>{{t0 + 100, 1.5}, {t0 + 300, 2.5}, {t0 + 500, 3.5}}));

  const auto find = server.commands("find").at(0);
  EXPECT_EQ(find.at("find"), json(R"("samples")"));
  EXPECT_EQ(find.at("filter"), json(R"({"meta.source": "plant", "meta.signal": "a", "ts": {"$gte": )" + date(t0) +
                                    R"(, "$lte": )" + date(t0 + 1000) + "}}"));
  EXPECT_EQ(find.at("sort"), json(R"({"ts": 1})"));
  EXPECT_EQ(find.at("limit"), json("10"));
  EXPECT_EQ(find.at("projection"), json(R"({"_id": 0, "ts": 1, "value": 1})"));

  // No limit is sent for 0, and the visitor can stop the scan.
  int seen = 0;
  ASSERT_TRUE(db.scan({"plant/a", t0, t0 + 1000, 0}, [&](const point&) { return ++seen < 2; }).ok());
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(server.commands("find").at(1).at("limit"), "<missing>");
}

TEST(MongoStoreWire, ListSeriesMergesMetadataWithSeriesThatOnlyHaveSamples) {
  mock_mongod server("existing");
  mongo_store db(server.uri(), std::chrono::seconds(86400));
  std::vector<series_record> listed;
  ASSERT_TRUE(db.list_series(listed).ok());
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_EQ(listed[0].series, "plant/a");
  EXPECT_EQ(listed[0].meta, (series_meta{"Power", "kW", 0.0, 1200.0, "DC input"}));
  EXPECT_EQ(listed[1].series, "plant/b");
  EXPECT_EQ(listed[1].meta, series_meta{});

  const auto find = server.commands("find").at(0);
  EXPECT_EQ(find.at("find"), json(R"("series")"));
  EXPECT_EQ(find.at("filter"), json("{}"));
  const auto aggregate = server.commands("aggregate").at(0);
  EXPECT_EQ(aggregate.at("aggregate"), json(R"("samples")"));
  EXPECT_EQ(aggregate.at("pipeline"), json(R"([{"$group": {"_id": "$meta"}}])"));
}

TEST(MongoStoreWire, UpsertSeriesDeleteBeforeAndPing) {
  mock_mongod server("empty");
  mongo_store db(server.uri(), std::chrono::seconds(3600));
  ASSERT_TRUE(db.upsert_series({"plant/a", {"Power", "kW", 0.0, std::nullopt, "DC input"}}).ok());
  ASSERT_TRUE(db.delete_before(t0).ok());
  ASSERT_TRUE(db.ping().ok());
  EXPECT_EQ(db.kind(), "mongodb");

  const auto update = server.commands("update").at(0);
  EXPECT_EQ(update.at("update"), json(R"("series")"));
  EXPECT_EQ(update.at("updates"),
            json(R"([{"q": {"_id": "plant/a"}, "u": {"name": "Power", "unit": "kW", "min": 0.0, "max": null,
                      "description": "DC input"}, "upsert": true}])"));
  EXPECT_EQ(update.at("writeConcern"), json(R"({"w": 1, "j": true})"));
  const auto remove = server.commands("delete").at(0);
  EXPECT_EQ(remove.at("delete"), json(R"("samples")"));
  EXPECT_EQ(remove.at("deletes"), json(R"([{"q": {"ts": {"$lt": )" + date(t0) + R"(}}, "limit": 0}])"));
  const auto ping = server.commands("ping").at(0);
  EXPECT_EQ(ping.database, "admin");
}

// --- failures ------------------------------------------------------------------------------

TEST(MongoStoreWire, ServerErrorRepliesBecomeFailuresWithTheServersMessage) {
  mock_mongod server("errors");
  mongo_store db(server.uri(), std::chrono::seconds(86400));
  const auto expect_failure = [](const status& result, const std::string& command) {
    EXPECT_FALSE(result.ok()) << command;
    EXPECT_EQ(result.error.rfind("mongodb: ", 0), 0U) << result.error;
    EXPECT_NE(result.error.find("mock failure on " + command), std::string::npos) << result.error;
  };
  std::vector<series_record> listed;
  EXPECT_NO_THROW({
    expect_failure(db.write(std::vector<series_points>{{"plant/a", {{t0, 1.0}}}}), "find");
    expect_failure(db.scan({"plant/a", t0, t0 + 10, 0}, [](const point&) { return true; }), "find");
    expect_failure(db.list_series(listed), "find");
    expect_failure(db.upsert_series({"plant/a", {}}), "update");
    expect_failure(db.delete_before(t0), "delete");
    expect_failure(db.ping(), "ping");
  });
}

TEST(MongoStoreWire, InsertErrorReplyIsAFailureWithTheServersMessage) {
  mock_mongod server("insert_error");
  mongo_store db(server.uri(), std::chrono::seconds(3600));
  status result;
  EXPECT_NO_THROW(result = db.write(std::vector<series_points>{{"plant/a", {{t0, 1.0}}}}));
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error.rfind("mongodb: insert: ", 0), 0U) << result.error;
  EXPECT_NE(result.error.find("mock failure on insert"), std::string::npos) << result.error;
  EXPECT_EQ(server.commands("insert").size(), 1U);
  EXPECT_TRUE(db.ping().ok());
}

TEST(MongoStoreWire, DroppedConnectionFailsTheWriteThenTheNextOneWorks) {
  mock_mongod server("hangup_once");
  mongo_store db(server.uri(), std::chrono::seconds(3600));
  const std::vector<series_points> batch{{"plant/a", {{t0, 1.0}}}};
  const auto dropped = db.write(batch);
  EXPECT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.error.rfind("mongodb: insert: ", 0), 0U) << dropped.error;
  const auto again = db.write(batch);
  EXPECT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(server.commands("insert").size(), 2U);
}

TEST(MongoStoreWire, ServerDownIsAFailureAndTheStoreWorksWhenItIsBack) {
  mock_mongod server("empty");
  mongo_store db(server.uri(), std::chrono::seconds(3600));
  const std::vector<series_points> batch{{"plant/a", {{t0, 1.0}}}};
  ASSERT_TRUE(db.write(batch).ok());
  server.kill();
  const auto down = db.write(batch);
  EXPECT_FALSE(down.ok());
  EXPECT_EQ(down.error.rfind("mongodb: ", 0), 0U) << down.error;
  EXPECT_FALSE(db.ping().ok());
  server.restart("empty");
  const auto back = db.write(batch);
  EXPECT_TRUE(back.ok()) << back.error;
  EXPECT_TRUE(db.ping().ok());
}

// --- the conformance suite against a real server -------------------------------------------

// Database names made for this process, dropped when it ends.
std::vector<std::string>& made_databases() {
  static std::vector<std::string> names;
  return names;
}

void drop_database(const char* uri, const std::string& name) {
  mongoc_init();  // idempotent; mongo_store's own guard cleans up at exit
  bson_error_t error;
  mongoc_uri_t* parsed = mongoc_uri_new_with_error(uri, &error);
  if (parsed == nullptr) return;
  mongoc_client_t* client = mongoc_client_new_from_uri(parsed);
  mongoc_database_t* db = mongoc_client_get_database(client, name.c_str());
  (void)mongoc_database_drop(db, &error);  // fails harmlessly when it does not exist
  mongoc_database_destroy(db);
  mongoc_client_destroy(client);
  mongoc_uri_destroy(parsed);
}

class drop_databases : public ::testing::Environment {
 public:
  void TearDown() override {
    const char* uri = std::getenv("TELEMETRY_TEST_MONGODB_URI");
    if (uri == nullptr) return;
    for (const auto& name : made_databases()) drop_database(uri, name);
  }
};
[[maybe_unused]] auto* const drop_at_exit = ::testing::AddGlobalTestEnvironment(new drop_databases);

void skip_without_server() {
  GTEST_SKIP() << "TELEMETRY_TEST_MONGODB_URI is not set (e.g. mongodb://127.0.0.1:27017/telemetry_test); "
                  "the MongoDB conformance suite needs a real server";
}

// Each test gets its own database (the URI's name plus pid and a counter) so that ctest -j
// cannot mix tests; samples never expire, the suite's timestamps lie in the past.
std::unique_ptr<store> make_mongo() {
  const char* uri = std::getenv("TELEMETRY_TEST_MONGODB_URI");
  if (uri == nullptr || *uri == '\0') {
    skip_without_server();
    return nullptr;
  }
  mongoc_init();
  mongoc_uri_t* parsed = mongoc_uri_new(uri);
  if (parsed == nullptr) throw std::runtime_error("TELEMETRY_TEST_MONGODB_URI is not a MongoDB URI");
  const char* base = mongoc_uri_get_database(parsed);
  const auto name = fmt::format("{}_{}_{}", base != nullptr && *base != '\0' ? base : "telemetry_test", ::getpid(),
                                made_databases().size());
  mongoc_uri_set_database(parsed, name.c_str());
  const std::string test_uri = mongoc_uri_get_string(parsed);
  mongoc_uri_destroy(parsed);
  made_databases().push_back(name);
  drop_database(uri, name);
  return std::make_unique<mongo_store>(test_uri, std::chrono::seconds(0));
}

INSTANTIATE_TEST_SUITE_P(Mongo, StoreConformance, ::testing::Values(store_factory{"mongodb", make_mongo}));

}  // namespace
}  // namespace telemetry::store
