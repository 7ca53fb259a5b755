#pragma once
// Reads one series over [from, to] in ascending ts: the part inside the recent window from
// memory, anything older from the store, stitched at the window's start so no point is
// missed or repeated.
#include <algorithm>
#include <utility>

#include "live/recent_window.hpp"
#include "store/store.hpp"

namespace telemetry::query {

class range_reader {
 public:
  range_reader(const live::recent_window& window, store::store& store) : window_(window), store_(store) {}

  // Calls visit(point) -> bool in order; stops when it returns false. `now` fixes the window
  // edge for the whole read. A template so that the window part, which answers the last hour,
  // calls the visitor directly rather than through a std::function per point.
  template <typename Visitor>
  [[nodiscard]] store::status visit(const std::string& series, timestamp_ms from, timestamp_ms to, timestamp_ms now,
                                    Visitor&& visit) const {
    return read(series, from, to, now, visit,
                [&](timestamp_ms window_from) { window_.visit(series, window_from, to, visit); });
  }

  // The same read, the recent window's part in runs of the points sharing ts / run_ms
  // (visit_run(const live::recent_window::point_run&) -> bool); the store's part point by point.
  template <typename PointVisitor, typename RunVisitor>
  [[nodiscard]] store::status visit_runs(const std::string& series, timestamp_ms from, timestamp_ms to,
                                         timestamp_ms now, timestamp_ms run_ms, PointVisitor&& visit_point,
                                         RunVisitor&& visit_run) const {
    return read(series, from, to, now, visit_point,
                [&](timestamp_ms window_from) { window_.visit_runs(series, window_from, to, run_ms, visit_run); });
  }

 private:
  // The store's part before the window's edge, then read_window(first ts of the window's part).
  template <typename PointVisitor, typename WindowRead>
  [[nodiscard]] store::status read(const std::string& series, timestamp_ms from, timestamp_ms to, timestamp_ms now,
                                   PointVisitor& visit_point, WindowRead&& read_window) const {
    const auto edge = window_.start(now);
    bool keep_going = true;
    if (from < edge) {
      auto result = scan_store(series, from, std::min(to, edge - 1),
                               [&](const store::point& p) { return keep_going = visit_point(p); });
      if (!result.ok()) return result;
    }
    if (keep_going && to >= edge) read_window(std::max(from, edge));
    return store::status::success();
  }

  [[nodiscard]] store::status scan_store(const std::string& series, timestamp_ms from, timestamp_ms to,
                                         const store::point_visitor& visit) const;

  const live::recent_window& window_;
  store::store& store_;
};

}  // namespace telemetry::query
