#include "telemetry/common/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace telemetry::json {
namespace {

template <typename T>
void append_with_to_chars(std::string& out, T value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

}  // namespace

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
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
