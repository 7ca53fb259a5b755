#include "query/query_params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "query/time_param.hpp"

namespace telemetry::query {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string shorten(std::string_view text) {
  return text.size() > 64 ? std::string(text.substr(0, 64)) + "..." : std::string(text);
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  return out;
}

std::optional<query_params> query_params::parse(std::string_view query, std::string& error) {
  query_params params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    if (params.pairs_.size() >= max_query_params) {
      error = fmt::format("too many query parameters (at most {})", max_query_params);
      return std::nullopt;
    }
    const auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!key || !value) {
      error = fmt::format("malformed query parameter '{}'", shorten(pair));
      return std::nullopt;
    }
    params.pairs_.emplace_back(std::move(*key), std::move(*value));
  }
  return params;
}

std::optional<std::string_view> query_params::first(std::string_view key) const {
  for (const auto& [k, v] : pairs_) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::vector<std::string_view> query_params::all(std::string_view key) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : pairs_) {
    if (k == key) out.emplace_back(v);
  }
  return out;
}

std::optional<std::string_view> query_params::unknown(std::span<const std::string_view> known) const {
  for (const auto& [k, v] : pairs_) {
    if (std::find(known.begin(), known.end(), k) == known.end()) return k;
  }
  return std::nullopt;
}

std::optional<time_range> parse_time_range(const query_params& params, timestamp_ms now, std::string& error) {
  time_range range{0, now};
  for (const auto& [key, target] : {std::pair{"to", &range.to}, std::pair{"from", &range.from}}) {
    const auto text = params.first(key);
    if (!text) continue;
    const auto parsed = parse_time(*text);
    if (!parsed) {
      error = fmt::format("'{}' is not a time: use epoch milliseconds or ISO 8601 like 2026-12-04T14:00:00Z (got '{}')",
                          key, shorten(*text));
      return std::nullopt;
    }
    *target = *parsed;
  }
  if (!params.first("from")) range.from = std::max<timestamp_ms>(0, range.to - 3'600'000);
  if (range.from > range.to) {
    error = fmt::format("'from' ({}) is after 'to' ({})", range.from, range.to);
    return std::nullopt;
  }
  return range;
}

std::optional<std::size_t> parse_count(const query_params& params, std::string_view key, std::size_t fallback,
                                       std::size_t cap, std::string& error) {
  const auto text = params.first(key);
  if (!text) return fallback;
  std::size_t value = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || ptr != text->data() + text->size() || text->empty() || value == 0 || value > cap) {
    error = fmt::format("'{}' must be an integer from 1 to {} (got '{}')", key, cap, shorten(*text));
    return std::nullopt;
  }
  return value;
}

}  // namespace telemetry::query
