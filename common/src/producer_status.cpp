#include "telemetry/common/producer_status.hpp"

#include "json_reader.hpp"
#include "telemetry/common/json_writer.hpp"

namespace telemetry {

std::string_view to_string(producer_state state) noexcept {
  return state == producer_state::online ? "online" : "offline";
}

decode_error decode_status(std::string_view payload, producer_status& out) {
  simdjson::dom::element root;
  if (const auto error = detail::parse_json(payload, max_status_payload_bytes, root); error != decode_error::none) {
    return error;
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return decode_error::bad_shape;
  simdjson::dom::element field;
  if (object["state"].get(field) != simdjson::SUCCESS) return decode_error::missing_field;
  std::string_view state;
  if (field.get_string().get(state) != simdjson::SUCCESS || (state != "online" && state != "offline")) {
    return decode_error::bad_value;
  }
  if (object["ts"].get(field) != simdjson::SUCCESS) return decode_error::missing_field;
  const auto ts = detail::integer(field);
  if (!ts || *ts <= 0 || *ts > max_timestamp_ms) return decode_error::bad_ts;
  out = producer_status{state == "online" ? producer_state::online : producer_state::offline, *ts};
  return decode_error::none;
}

std::string encode_status(const producer_status& status) {
  std::string out = R"({"state":)";
  json::append_string(out, to_string(status.state));
  out += R"(,"ts":)";
  json::append_number(out, status.ts);
  out += '}';
  return out;
}

}  // namespace telemetry
