#pragma once
// The JSON API of design.md (everything but the stream): /api/series, /api/history,
// /api/chart, /api/stats, /healthz, /readyz, /metrics. A small table routes paths to
// handlers; every bad parameter is a 400 with a message, never a 500.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/api_context.hpp"
#include "http/history_text_cache.hpp"
#include "http/http_types.hpp"
#include "query/parallel_runner.hpp"
#include "query/query_params.hpp"
#include "query/range_reader.hpp"

namespace telemetry::http {

class api_handlers {
 public:
  explicit api_handlers(api_context& context);

  // The answer for an API path, or nullopt when `path` is not one (static files then).
  [[nodiscard]] std::optional<response> handle(const request& req, std::string_view path, std::string_view query);

  // Whether answering this request may read the store (a range starting before the recent
  // window), and so may wait as long as the store takes to answer.
  [[nodiscard]] bool may_wait_on_store(std::string_view path, std::string_view query) const;

  [[nodiscard]] history_text_cache::counters history_cache_counters() const { return history_text_.snapshot(); }
  // Threads the parts of one chart or stats query run on at most.
  [[nodiscard]] std::size_t query_threads() const noexcept { return query_parts_.threads(); }

 private:
  using handler = response (api_handlers::*)(const query::query_params&);
  struct route {
    std::string_view path;
    handler method;
    std::vector<std::string_view> params;
  };

  response series(const query::query_params& params);
  response history(const query::query_params& params);
  response chart(const query::query_params& params);
  response stats(const query::query_params& params);
  response healthz(const query::query_params& params);
  response readyz(const query::query_params& params);
  response metrics(const query::query_params& params);

  // The series and time range a query names, with the instant it was parsed at.
  struct series_range {
    std::vector<std::string> ids;
    query::time_range range;
    timestamp_ms now = 0;
  };
  std::optional<series_range> parse_series_range(const query::query_params& params, bool all_if_absent,
                                                 std::string& error) const;

  // The `series` parameters, each a known series; all series when absent and `all_if_absent`.
  std::optional<std::vector<std::string>> resolve_series(const query::query_params& params, bool all_if_absent,
                                                         std::string& error) const;

  // How many points of each series the recent window holds in the query's range.
  [[nodiscard]] std::vector<std::size_t> held_in_window(const series_range& query) const;

  // How many parts a query over `points` recent-window points is worth on the pool: handing a
  // small part to another thread costs more than doing it here.
  [[nodiscard]] std::size_t parts_for(std::size_t points) const;

  api_context& context_;
  query::range_reader reader_;
  history_text_cache history_text_;
  query::parallel_runner query_parts_;
  std::vector<route> routes_;
};

}  // namespace telemetry::http
