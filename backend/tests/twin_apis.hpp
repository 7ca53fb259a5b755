#pragma once
// One window, store and registry answered by two api_handlers whose limits differ (a cache on
// and off, a chart pool or none): the answers must be the same, byte for byte.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "http/api_handlers.hpp"
#include "store/sqlite_store.hpp"
#include "telemetry/testing/child_process.hpp"

namespace telemetry::http {

struct twin_apis {
  twin_apis(api_limits first_limits, api_limits second_limits)
      : first_context{registry,     window,       replay,
                      store,        writer_stats, ingest_stats,
                      rejects,      hub,          [] { return true; },
                      first_limits, {},           {}},
        second_context{
            registry,      window, replay, store, writer_stats, ingest_stats, rejects, hub, [] { return true; },
            second_limits, {},     {}},
        first(first_context),
        second(second_context) {}

  // Into the recent window (and the registry), as ingest puts them.
  void insert(const std::string& series, const std::vector<live::point>& points, timestamp_ms now) {
    std::vector<live::point> fresh;
    window.insert(series, points, now, fresh);
    for (const auto& p : points) registry.observe(*parse_series_id(series), p);
  }
  // Into the store only, as samples older than the window are.
  void store_points(const std::string& series, const std::vector<live::point>& points) {
    const std::vector<store::series_points> batch{{series, points}};
    ASSERT_TRUE(store.write(batch).ok());
    for (const auto& p : points) registry.observe(*parse_series_id(series), p);
  }

  static std::string ask(api_handlers& handlers, const std::string& target) {
    const request req{bhttp::verb::get, target, 11};
    const auto question = target.find('?');
    const auto res = handlers.handle(req, std::string_view(target).substr(0, question),
                                     std::string_view(target).substr(question + 1));
    EXPECT_TRUE(res && res->result_int() == 200) << target << ": " << (res ? res->body() : "");
    return res ? res->body() : std::string();
  }
  void expect_same(const std::string& target) { EXPECT_EQ(ask(first, target), ask(second, target)) << target; }

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
