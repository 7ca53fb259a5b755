#include "telemetry/common/series_meta.hpp"

#include "json_reader.hpp"
#include "telemetry/common/json_writer.hpp"

namespace telemetry {
namespace {

decode_error read_text(simdjson::dom::object object, const char* key, std::string& out) {
  simdjson::dom::element field;
  if (object[key].get(field) != simdjson::SUCCESS) return decode_error::none;
  std::string_view text;
  if (field.get_string().get(text) != simdjson::SUCCESS || text.size() > max_meta_text_length) {
    return decode_error::bad_value;
  }
  out = text;
  return decode_error::none;
}

decode_error read_bound(simdjson::dom::object object, const char* key, std::optional<double>& out) {
  simdjson::dom::element field;
  if (object[key].get(field) != simdjson::SUCCESS || field.is_null()) return decode_error::none;
  out = detail::finite_number(field);
  return out ? decode_error::none : decode_error::bad_value;
}

}  // namespace

decode_error decode_meta(std::string_view payload, series_meta& out) {
  simdjson::dom::element root;
  if (const auto error = detail::parse_json(payload, max_meta_payload_bytes, root); error != decode_error::none) {
    return error;
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return decode_error::bad_shape;
  series_meta meta;
  for (const auto error : {read_text(object, "name", meta.name), read_text(object, "unit", meta.unit),
                           read_text(object, "description", meta.description), read_bound(object, "min", meta.min),
                           read_bound(object, "max", meta.max)}) {
    if (error != decode_error::none) return error;
  }
  out = std::move(meta);
  return decode_error::none;
}

std::string encode_meta(const series_meta& meta) {
  std::string out = R"({"name":)";
  json::append_string(out, meta.name);
  out += R"(,"unit":)";
  json::append_string(out, meta.unit);
  for (const auto& [key, bound] : {std::pair{R"(,"min":)", meta.min}, std::pair{R"(,"max":)", meta.max}}) {
    out += key;
    if (bound) {
      json::append_number(out, *bound);
    } else {
      out += "null";
    }
  }
  out += R"(,"description":)";
  json::append_string(out, meta.description);
  out += '}';
  return out;
}

}  // namespace telemetry
