#include "http/series_json.hpp"

#include "telemetry/common/json_writer.hpp"

namespace telemetry::http {
namespace {

void append_optional(std::string& out, const std::optional<double>& value) {
  if (value) {
    json::append_number(out, *value);
  } else {
    out += "null";
  }
}

}  // namespace

void append_series_json(std::string& out, const ingest::series_info& info) {
  out += R"({"id":)";
  json::append_string(out, info.id.str());
  out += R"(,"source":)";
  json::append_string(out, info.id.source);
  out += R"(,"signal":)";
  json::append_string(out, info.id.signal);
  out += R"(,"name":)";
  json::append_string(out, info.meta.name.empty() ? info.id.signal : info.meta.name);
  out += R"(,"unit":)";
  json::append_string(out, info.meta.unit);
  out += R"(,"min":)";
  append_optional(out, info.meta.min);
  out += R"(,"max":)";
  append_optional(out, info.meta.max);
  out += R"(,"last":)";
  if (info.last) {
    out += R"({"ts":)";
    json::append_number(out, info.last->ts);
    out += R"(,"value":)";
    json::append_number(out, info.last->value);
    out += '}';
  } else {
    out += "null";
  }
  out += '}';
}

}  // namespace telemetry::http
