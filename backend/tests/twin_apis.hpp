#pragma once
// Two api_handlers over the same window, store and registry (twin_api_state) must give the
// same answers, byte for byte; this adds the data loading and the comparison.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "twin_api_state.hpp"

namespace telemetry::http {

struct twin_apis : twin_api_state {
  using twin_api_state::twin_api_state;

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
    const auto res = get(handlers, target);
    EXPECT_TRUE(res && res->result_int() == 200) << target << ": " << (res ? res->body() : "");
    return res ? res->body() : std::string();
  }
  void expect_same(const std::string& target) { EXPECT_EQ(ask(first, target), ask(second, target)) << target; }
};

}  // namespace telemetry::http
