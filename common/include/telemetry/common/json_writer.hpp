#pragma once
// Appends JSON tokens to a string without building a document. Numbers are written with
// std::to_chars, so doubles are the shortest text that reads back to the same value.
#include <cstdint>
#include <string>
#include <string_view>

namespace telemetry::json {

// Appends a finite double (callers guarantee finiteness; non-finite values write null).
void append_number(std::string& out, double value);
// The same text written to [first, last), which must hold max_double_chars; returns its end.
// For writers that format a whole token on the stack and append it at once.
inline constexpr std::size_t max_double_chars = 24;  // "-2.2250738585072014e-308"
char* write_number(char* first, char* last, double value);
void append_number(std::string& out, std::int64_t value);
void append_number(std::string& out, std::uint64_t value);

// Appends a quoted, escaped JSON string. Bytes that are not well-formed UTF-8 (raw bytes from a
// request echoed in an error message, text cut in the middle of a character) each become
// U+FFFD, so the output is always valid JSON.
void append_string(std::string& out, std::string_view text);

}  // namespace telemetry::json
