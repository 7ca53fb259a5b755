#include "telemetry/common/payload_codec.hpp"

#include "json_reader.hpp"
#include "telemetry/common/json_writer.hpp"

namespace telemetry {
namespace {

decode_error decode_one(simdjson::dom::element element, sample& out) {
  simdjson::dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) return decode_error::bad_shape;

  simdjson::dom::element field;
  if (object["ts"].get(field) != simdjson::SUCCESS) return decode_error::missing_field;
  const auto ts = detail::integer(field);
  if (!ts || *ts <= 0 || *ts > max_timestamp_ms) return decode_error::bad_ts;

  if (object["value"].get(field) != simdjson::SUCCESS) return decode_error::missing_field;
  const auto value = detail::finite_number(field);
  if (!value) return decode_error::bad_value;

  out = sample{*ts, *value, std::nullopt};
  if (object["seq"].get(field) == simdjson::SUCCESS) {
    std::uint64_t seq = 0;
    if (field.is_int64()) {
      const auto signed_seq = field.get_int64().value_unsafe();
      if (signed_seq < 0) return decode_error::bad_seq;
      seq = static_cast<std::uint64_t>(signed_seq);
    } else if (field.get_uint64().get(seq) != simdjson::SUCCESS) {
      return decode_error::bad_seq;
    }
    out.seq = seq;
  }
  return decode_error::none;
}

}  // namespace

decode_error decode_samples(std::string_view payload, std::vector<sample>& out, std::size_t max_bytes) {
  simdjson::dom::element root;
  if (const auto error = detail::parse_json(payload, max_bytes, root); error != decode_error::none) {
    return error;
  }
  const auto first_new = out.size();
  const auto fail = [&](decode_error error) {
    out.resize(first_new);
    return error;
  };
  sample decoded;
  if (root.is_array()) {
    const auto array = root.get_array().value_unsafe();
    if (array.size() == 0) return decode_error::bad_shape;
    for (const auto element : array) {
      if (const auto error = decode_one(element, decoded); error != decode_error::none) return fail(error);
      out.push_back(decoded);
    }
    return decode_error::none;
  }
  if (const auto error = decode_one(root, decoded); error != decode_error::none) return error;
  out.push_back(decoded);
  return decode_error::none;
}

void append_sample_json(std::string& out, const sample& s) {
  out += R"({"ts":)";
  json::append_number(out, s.ts);
  out += R"(,"value":)";
  json::append_number(out, s.value);
  if (s.seq) {
    out += R"(,"seq":)";
    json::append_number(out, *s.seq);
  }
  out += '}';
}

std::string encode_samples(std::span<const sample> samples) {
  std::string out;
  out.reserve(samples.size() * 48 + 2);
  if (samples.size() == 1) {
    append_sample_json(out, samples.front());
    return out;
  }
  out += '[';
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (i != 0) out += ',';
    append_sample_json(out, samples[i]);
  }
  out += ']';
  return out;
}

}  // namespace telemetry
