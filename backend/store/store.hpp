#pragma once
// The durable store of every sample, behind one interface so the SQLite file (default) and
// the MongoDB time-series collection (compose deployment) are interchangeable.
//
// Contract, checked by the conformance suite for every implementation:
// - write() is idempotent: a (series, ts) already stored is ignored, so replays and QoS 1
//   redeliveries never duplicate; samples may arrive in any order.
// - scan() yields the points of one series with from <= ts <= to in ascending ts order.
// - Calls may come from several threads; an implementation serialises what it must.
// - Errors are returned, never thrown, after construction; construction throws
//   std::runtime_error with a one-line message when the store cannot be opened.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "telemetry/common/sample.hpp"
#include "telemetry/common/series_meta.hpp"

namespace telemetry::store {

struct point {
  timestamp_ms ts = 0;
  double value = 0.0;
  friend bool operator==(const point&, const point&) = default;
};

// Points of one series, "{source}/{signal}".
struct series_points {
  std::string series;
  std::vector<point> points;
};

struct series_record {
  std::string series;
  series_meta meta;
};

// Empty error means success.
struct status {
  std::string error;
  [[nodiscard]] bool ok() const noexcept { return error.empty(); }
  static status success() { return {}; }
  static status failure(std::string message) { return {std::move(message)}; }
};

struct scan_range {
  std::string series;
  timestamp_ms from = 0;  // inclusive
  timestamp_ms to = 0;    // inclusive
  std::size_t limit = 0;  // 0: no limit
};

// Called for each point in order; return false to stop early.
using point_visitor = std::function<bool(const point&)>;

class store {
 public:
  virtual ~store() = default;

  [[nodiscard]] virtual status write(std::span<const series_points> batch) = 0;
  [[nodiscard]] virtual status scan(const scan_range& range, const point_visitor& visit) = 0;
  [[nodiscard]] virtual status upsert_series(const series_record& record) = 0;
  [[nodiscard]] virtual status list_series(std::vector<series_record>& out) = 0;
  // Deletes every sample with ts < cutoff.
  [[nodiscard]] virtual status delete_before(timestamp_ms cutoff) = 0;
  // A cheap round trip that tells whether the store answers (for /readyz).
  [[nodiscard]] virtual status ping() = 0;
  // "sqlite" or "mongodb", for logs and metrics.
  [[nodiscard]] virtual std::string_view kind() const noexcept = 0;
};

}  // namespace telemetry::store
