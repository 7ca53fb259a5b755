// The query string of an API request, read the way each endpoint reads it: decoding,
// unknown parameters refused, from/to and the count parameters within their bounds. A time
// that parses must print as ISO 8601 and read back to the same millisecond.
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "http/api_context.hpp"
#include "query/m4.hpp"
#include "query/query_params.hpp"
#include "query/time_param.hpp"

namespace {

namespace query = telemetry::query;
using telemetry::timestamp_ms;
using telemetry::fuzz::require;

// The parameters of each endpoint (design.md's API table).
constexpr std::string_view history[] = {"series", "from", "to", "limit", "cursor", "format"};
constexpr std::string_view chart[] = {"series", "from", "to", "width"};
constexpr std::string_view stats[] = {"series", "from", "to"};
constexpr std::span<const std::string_view> endpoints[] = {{}, history, chart, stats};

constexpr timestamp_ms now = 1764857000123;

void check_time(std::string_view text) {
  const auto ts = query::parse_time(text);
  if (!ts) return;
  require(*ts >= 0 && *ts <= telemetry::max_timestamp_ms, "time: in range");
  std::string iso;
  query::append_iso8601(iso, *ts);
  require(query::parse_time(iso) == ts, "time: ISO 8601 round trip");
}

void check_count(const query::query_params& params, std::string_view key, std::size_t fallback, std::size_t cap) {
  std::string error;
  const auto count = query::parse_count(params, key, fallback, cap, error);
  if (!count) {
    require(!error.empty() && params.first(key).has_value(), "count: refused with a message");
    return;
  }
  require(*count >= 1 && *count <= std::max(cap, fallback), "count: within bounds");
}

void check_params(const query::query_params& params) {
  for (const auto known : endpoints) {
    if (const auto key = params.unknown(known)) {
      require(std::find(known.begin(), known.end(), *key) == known.end() && params.first(*key).has_value(),
              "unknown: names a parameter given and not known");
    }
  }
  std::string error;
  if (const auto range = query::parse_time_range(params, now, error)) {
    require(range->from >= 0 && range->from <= range->to && range->to <= telemetry::max_timestamp_ms,
            "range: ordered and in range");
  } else {
    require(!error.empty(), "range: refused with a message");
  }
  const telemetry::http::api_limits limits;
  check_count(params, "limit", limits.default_history_limit, limits.max_history_limit);
  check_count(params, "limit", limits.max_csv_rows, limits.max_csv_rows);
  check_count(params, "width", limits.default_width, std::min(limits.max_width, query::max_width));
  for (const auto key : {"from", "to", "cursor"}) {
    for (const auto value : params.all(key)) check_time(value);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = telemetry::fuzz::as_text(data, size);
  for (const bool plus_is_space : {false, true}) {
    if (const auto decoded = query::percent_decode(text, plus_is_space)) {
      require(decoded->size() <= text.size() && decoded->find('\0') == std::string::npos, "decode: no NUL, no growth");
    }
  }
  check_time(text);
  std::string error;
  const auto params = query::query_params::parse(text, error);
  if (!params) {
    require(!error.empty(), "parse: refused with a message");
    return 0;
  }
  check_params(*params);
  return 0;
}
