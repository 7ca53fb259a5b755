#include "query/time_param.hpp"

#include <charconv>
#include <chrono>
#include <cstdint>

#include <fmt/format.h>

namespace telemetry::query {
namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> fixed_digits(std::string_view text, std::size_t& pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<timestamp_ms> parse_iso8601(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  const auto year = fixed_digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  const auto month = fixed_digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  const auto day = fixed_digits(text, pos, 2);
  if (!day) return std::nullopt;
  const year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                            std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *year < 1970) return std::nullopt;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) return std::nullopt;
  ++pos;
  const auto hour = fixed_digits(text, pos, 2);
  if (!hour || *hour > 23 || !expect(text, pos, ':')) return std::nullopt;
  const auto minute = fixed_digits(text, pos, 2);
  if (!minute || *minute > 59) return std::nullopt;
  int second = 0;
  std::int64_t millis = 0;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    const auto s = fixed_digits(text, pos, 2);
    if (!s || *s > 59) return std::nullopt;
    second = *s;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      std::size_t digits = 0;
      std::int64_t scale = 100;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3) millis += (text[pos] - '0') * scale;
        scale /= 10;
        ++digits;
        ++pos;
      }
      if (digits == 0 || digits > 9) return std::nullopt;
    }
  }
  std::int64_t offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const auto oh = fixed_digits(text, pos, 2);
    if (!oh || *oh > 23) return std::nullopt;
    expect(text, pos, ':');
    const auto om = fixed_digits(text, pos, 2);
    if (!om || *om > 59) return std::nullopt;
    offset_minutes = sign * (*oh * 60 + *om);
  } else {
    return std::nullopt;  // a time without a zone is ambiguous: refuse rather than guess
  }
  if (pos != text.size()) return std::nullopt;
  const auto days = sys_days(date).time_since_epoch().count();
  const auto ms = ((static_cast<std::int64_t>(days) * 24 + *hour) * 60 + *minute - offset_minutes) * 60'000 +
                  second * 1000 + millis;
  if (ms < 0 || ms > max_timestamp_ms) return std::nullopt;
  return ms;
}

}  // namespace

std::optional<timestamp_ms> parse_time(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    timestamp_ms value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || value > max_timestamp_ms) return std::nullopt;
    return value;
  }
  return parse_iso8601(text);
}

void append_iso8601(std::string& out, timestamp_ms ts) {
  using namespace std::chrono;
  const sys_time<milliseconds> time{milliseconds{ts}};
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss<milliseconds> clock{time - day};
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                 static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), clock.hours().count(),
                 clock.minutes().count(), clock.seconds().count(), clock.subseconds().count());
}

}  // namespace telemetry::query
