#include "json_reader.hpp"

#include <cmath>
#include <limits>

namespace telemetry::detail {

decode_error parse_json(std::string_view payload, std::size_t max_bytes, simdjson::dom::element& out) {
  if (payload.size() > max_bytes) return decode_error::too_large;
  thread_local simdjson::dom::parser parser;
  const auto error = parser.parse(payload.data(), payload.size(), true).get(out);
  if (error == simdjson::SUCCESS) return decode_error::none;
  if (error == simdjson::UTF8_ERROR) return decode_error::bad_utf8;
  return decode_error::bad_json;
}

std::optional<double> finite_number(simdjson::dom::element element) {
  double value = 0.0;
  switch (element.type()) {
    case simdjson::dom::element_type::DOUBLE: value = element.get_double().value_unsafe(); break;
    case simdjson::dom::element_type::INT64: value = static_cast<double>(element.get_int64().value_unsafe()); break;
    case simdjson::dom::element_type::UINT64: value = static_cast<double>(element.get_uint64().value_unsafe()); break;
    default: return std::nullopt;
  }
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> integer(simdjson::dom::element element) {
  if (element.type() == simdjson::dom::element_type::INT64) return element.get_int64().value_unsafe();
  return std::nullopt;
}

}  // namespace telemetry::detail
