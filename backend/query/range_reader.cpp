#include "query/range_reader.hpp"

namespace telemetry::query {

store::status range_reader::scan_store(const std::string& series, timestamp_ms from, timestamp_ms to,
                                       const store::point_visitor& visit) const {
  return store_.scan(store::scan_range{series, from, to, 0}, visit);
}

}  // namespace telemetry::query
