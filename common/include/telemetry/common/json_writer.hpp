#pragma once
// Appends JSON tokens to a string without building a document. Numbers are written with
// std::to_chars, so doubles are the shortest text that reads back to the same value.
#include <cstdint>
#include <string>
#include <string_view>

namespace telemetry::json {

// Appends a finite double (callers guarantee finiteness; non-finite values write null).
void append_number(std::string& out, double value);
void append_number(std::string& out, std::int64_t value);
void append_number(std::string& out, std::uint64_t value);

// Appends a quoted, escaped JSON string. Input is assumed to be valid UTF-8.
void append_string(std::string& out, std::string_view text);

}  // namespace telemetry::json
