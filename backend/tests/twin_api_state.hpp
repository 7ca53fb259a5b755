#pragma once
// One store, registry and recent window (with the rest api_handlers reads) in a temporary
// folder, answered by two api_handlers whose limits differ (a cache on and off, a query pool
// or none). Tests compare the two's answers (twin_apis.hpp); the query benchmark times them.
// No test framework here: the benchmark does not link one.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "http/api_handlers.hpp"
#include "store/sqlite_store.hpp"
#include "telemetry/testing/child_process.hpp"

namespace telemetry::http {

struct twin_api_state {
  twin_api_state(api_limits first_limits, api_limits second_limits)
      : first_context{registry,     window,       replay,
                      store,        writer_stats, ingest_stats,
                      rejects,      hub,          [] { return true; },
                      first_limits, {},           {}},
        second_context{
            registry,      window, replay, store, writer_stats, ingest_stats, rejects, hub, [] { return true; },
            second_limits, {},     {}},
        first(first_context),
        second(second_context) {}

  // The answer of `handlers` to a GET of `target` (path?query), asked as an HTTP session asks.
  static std::optional<response> get(api_handlers& handlers, const std::string& target) {
    const request req{bhttp::verb::get, target, 11};
    const std::string_view whole(target);
    const auto question = whole.find('?');
    return handlers.handle(req, whole.substr(0, question),
                           question == std::string_view::npos ? std::string_view() : whole.substr(question + 1));
  }

  testing::temp_dir dir;
  store::sqlite_store store{dir.path() + "/twin.db"};
  ingest::series_registry registry;
  live::recent_window window{std::chrono::hours(1)};
  live::replay_buffer replay{1000, std::chrono::minutes(10), 1};
  store::store_writer_stats writer_stats;
  ingest::ingest_stats ingest_stats;
  ingest::reject_counters rejects;
  broadcaster hub{10, std::chrono::milliseconds(50)};
  api_context first_context;
  api_context second_context;
  api_handlers first;
  api_handlers second;
};

}  // namespace telemetry::http
