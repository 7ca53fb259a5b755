#pragma once
// The store of the compose deployment: a MongoDB time-series collection `samples`
// ({ts: date, meta: {source, signal}, value: double}, expiring after the retention) and a
// regular collection `series` for metadata (_id "source/signal").
//
// Time-series collections have no unique index, so write() suppresses duplicates itself: it
// reads the timestamps already stored in each series' range of the batch and inserts only the
// new ones. Writes from this process are serialised for that; two backends writing the same
// series at once could still store a sample twice. Writes are journaled (j: true, w: 1 unless
// the URI says otherwise). A client pool serves concurrent callers. delete_before() filters on
// the time field alone, which time-series collections accept from MongoDB 7.0 on.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "store/store.hpp"

namespace telemetry::store {

class mongo_store final : public store {
 public:
  // `uri` is mongodb://HOST:PORT/DB; DB defaults to "telemetry" and serverSelectionTimeoutMS
  // to 5000 when the URI does not set them. Creates the collection and its index when missing
  // and aligns the expiry with `retention` (0: samples never expire). Throws
  // std::runtime_error with a one-line message when the server cannot be reached or refuses.
  mongo_store(const std::string& uri, std::chrono::seconds retention);
  ~mongo_store() override;
  mongo_store(const mongo_store&) = delete;
  mongo_store& operator=(const mongo_store&) = delete;

  [[nodiscard]] status write(std::span<const series_points> batch) override;
  [[nodiscard]] status scan(const scan_range& range, const point_visitor& visit) override;
  [[nodiscard]] status upsert_series(const series_record& record) override;
  [[nodiscard]] status list_series(std::vector<series_record>& out) override;
  [[nodiscard]] status delete_before(timestamp_ms cutoff) override;
  [[nodiscard]] status ping() override;
  [[nodiscard]] std::string_view kind() const noexcept override { return "mongodb"; }

 private:
  struct connection;  // the libmongoc handles, kept out of this header
  std::unique_ptr<connection> connection_;
  std::mutex write_mutex_;  // dedupe-then-insert must not interleave with another write
};

}  // namespace telemetry::store
