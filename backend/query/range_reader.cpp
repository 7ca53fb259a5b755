#include "query/range_reader.hpp"

namespace telemetry::query {

store::status range_reader::visit(const std::string& series, timestamp_ms from, timestamp_ms to, timestamp_ms now,
                                  const store::point_visitor& visit) const {
  const auto edge = window_.start(now);
  bool keep_going = true;
  if (from < edge) {
    const store::scan_range older{series, from, std::min(to, edge - 1), 0};
    auto result = store_.scan(older, [&](const store::point& p) { return keep_going = visit(p); });
    if (!result.ok()) return result;
  }
  if (keep_going && to >= edge) {
    window_.visit(series, std::max(from, edge), to, [&](const store::point& p) { return visit(p); });
  }
  return store::status::success();
}

}  // namespace telemetry::query
