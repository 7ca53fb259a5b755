#include "telemetry/common/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace telemetry::json {
namespace {

template <typename T, typename... Format>
void append_with_to_chars(std::string& out, T value, Format... format) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format...);
  out.append(buffer.data(), result.ptr);
}

}  // namespace

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // The shortest text of a large integral double can be digits only ("123456789012345683968"):
  // a JSON integer too wide for 64 bits, which simdjson (and so our own decoder) refuses with
  // the whole document. From 2^63 on, an exponent keeps it a double for every reader.
  if (std::fabs(value) >= 0x1p63) {
    append_with_to_chars(out, value, std::chars_format::scientific);
    return;
  }
  append_with_to_chars(out, value);
}

void append_number(std::string& out, std::int64_t value) {
  append_with_to_chars(out, value);
}
void append_number(std::string& out, std::uint64_t value) {
  append_with_to_chars(out, value);
}

void append_string(std::string& out, std::string_view text) {
  static constexpr std::string_view hex = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20) {
          out += "\\u00";
          out += hex[byte >> 4U];
          out += hex[byte & 0xFU];
        } else {
          out += c;
        }
      }
    }
  }
  out += '"';
}

}  // namespace telemetry::json
