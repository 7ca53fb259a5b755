#pragma once
// Reads one series over [from, to] in ascending ts: the part inside the recent window from
// memory, anything older from the store, stitched at the window's start so no point is
// missed or repeated.
#include "live/recent_window.hpp"
#include "store/store.hpp"

namespace telemetry::query {

class range_reader {
 public:
  range_reader(const live::recent_window& window, store::store& store) : window_(window), store_(store) {}

  // Calls visit(point) in order; stops when it returns false. `now` fixes the window edge
  // for the whole read.
  [[nodiscard]] store::status visit(const std::string& series, timestamp_ms from, timestamp_ms to, timestamp_ms now,
                                    const store::point_visitor& visit) const;

 private:
  const live::recent_window& window_;
  store::store& store_;
};

}  // namespace telemetry::query
