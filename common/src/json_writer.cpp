#include "telemetry/common/json_writer.hpp"

#include <algorithm>
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

// The length of the well-formed UTF-8 sequence `text` starts with (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or 0 when it does not start with one.
std::size_t utf8_sequence_length(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned lead = byte(0);
  if (lead < 0x80U) return 1;
  std::size_t length = 0;
  unsigned low = 0x80U;
  unsigned high = 0xBFU;
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    if (lead == 0xE0U) low = 0xA0U;
    if (lead == 0xEDU) high = 0x9FU;
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    if (lead == 0xF0U) low = 0x90U;
    if (lead == 0xF4U) high = 0x8FU;
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((byte(i) & 0xC0U) != 0x80U) return 0;
  }
  return length;
}

}  // namespace

char* write_number(char* first, char* last, double value) {
  if (!std::isfinite(value)) {
    constexpr std::string_view null = "null";
    return std::copy(null.begin(), null.end(), first);
  }
  // The shortest text of a large integral double can be digits only ("123456789012345683968"):
  // a JSON integer too wide for 64 bits, which simdjson (and so our own decoder) refuses with
  // the whole document. From 2^63 on, an exponent keeps it a double for every reader.
  if (std::fabs(value) >= 0x1p63) return std::to_chars(first, last, value, std::chars_format::scientific).ptr;
  return std::to_chars(first, last, value).ptr;
}

void append_number(std::string& out, double value) {
  std::array<char, 32> buffer{};
  out.append(buffer.data(), write_number(buffer.data(), buffer.data() + buffer.size(), value));
}

void append_number(std::string& out, std::int64_t value) {
  append_with_to_chars(out, value);
}
void append_number(std::string& out, std::uint64_t value) {
  append_with_to_chars(out, value);
}

void append_string(std::string& out, std::string_view text) {
  static constexpr std::string_view hex = "0123456789abcdef";
  static constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80U) {
      const auto length = utf8_sequence_length(text.substr(i));
      if (length == 0) {
        out += replacement;
      } else {
        out += text.substr(i, length);
        i += length - 1;
      }
      continue;
    }
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
