#include "telemetry/common/duration.hpp"

#include <charconv>
#include <cmath>

namespace telemetry {
namespace {

constexpr double max_duration_ms = 100.0 * 365 * 24 * 3600 * 1000;

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

// Reads an unsigned decimal number ("12", "2.5") from the front of `rest`.
std::optional<double> take_number(std::string_view& rest) {
  std::size_t length = 0;
  bool seen_dot = false;
  while (length < rest.size() && (is_digit(rest[length]) || (rest[length] == '.' && !seen_dot))) {
    seen_dot = seen_dot || rest[length] == '.';
    ++length;
  }
  if (length == 0 || !is_digit(rest[0]) || !is_digit(rest[length - 1])) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + length, value);
  if (error != std::errc{} || end != rest.data() + length) return std::nullopt;
  rest.remove_prefix(length);
  return value;
}

// Milliseconds per unit for the unit at the front of `rest`; "ms" is tried before "m".
std::optional<double> take_unit(std::string_view& rest) {
  for (const auto& [unit, scale] : {std::pair{std::string_view{"ms"}, 1.0}, std::pair{std::string_view{"s"}, 1e3},
                                    std::pair{std::string_view{"m"}, 60e3}, std::pair{std::string_view{"h"}, 3600e3},
                                    std::pair{std::string_view{"d"}, 86400e3}}) {
    if (rest.starts_with(unit)) {
      rest.remove_prefix(unit.size());
      return scale;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::string_view rest = text;
  double total_ms = 0;
  bool first = true;
  while (!rest.empty()) {
    const auto number = take_number(rest);
    if (!number) return std::nullopt;
    if (rest.empty() && first) {
      total_ms = *number * 1e3;  // plain seconds
      break;
    }
    const auto scale = take_unit(rest);
    if (!scale) return std::nullopt;
    total_ms += *number * *scale;
    first = false;
  }
  if (first && text.empty()) return std::nullopt;
  if (!std::isfinite(total_ms) || total_ms > max_duration_ms) return std::nullopt;
  return std::chrono::milliseconds(std::llround(total_ms));
}

}  // namespace telemetry
