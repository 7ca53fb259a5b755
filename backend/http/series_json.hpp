#pragma once
// One element of GET /api/series:
// {"id","source","signal","name","unit","min","max","last":{"ts","value"}|null}
#include <string>

#include "ingest/series_registry.hpp"

namespace telemetry::http {

void append_series_json(std::string& out, const ingest::series_info& info);

}  // namespace telemetry::http
