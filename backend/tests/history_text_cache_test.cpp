#include "http/history_text_cache.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "twin_apis.hpp"

#include <string>
#include <vector>

namespace telemetry::http {
namespace {

using live::point;
using live::recent_window;

constexpr timestamp_ms minute = 60'000;

// Writes a run as "ts:value;" per point and counts the writes.
struct text_source {
  int writes = 0;
  std::string operator()(history_text_cache& cache, const recent_window& window, timestamp_ms from, timestamp_ms to) {
    std::string out;
    window.visit_runs("a/b", from, to, minute, [&](const recent_window::point_run& run) {
      out += *cache.text("a/b", run, [&](std::string& text) {
        ++writes;
        for (auto it = run.begin; it != run.end; ++it) text += fmt::format("{}:{};", it->ts, it->value);
      });
      out += '|';
      return true;
    });
    return out;
  }
};

TEST(HistoryTextCache, WholeRunsAreWrittenOnceAndReused) {
  recent_window window(std::chrono::hours(1));
  std::vector<point> fresh;
  const std::vector<point> points{{0, 1}, {30'000, 2}, {60'000, 3}, {90'000, 4}};
  window.insert("a/b", points, 100'000, fresh);
  history_text_cache cache(1 << 20);
  text_source source;
  const auto first = source(cache, window, 0, 2 * minute - 1);
  EXPECT_EQ(first, "0:1;30000:2;|60000:3;90000:4;|");
  EXPECT_EQ(source.writes, 2);
  EXPECT_EQ(source(cache, window, 0, 2 * minute - 1), first);
  EXPECT_EQ(source.writes, 2);
  const auto counters = cache.snapshot();
  EXPECT_EQ(counters.hits, 2U);
  EXPECT_EQ(counters.misses, 2U);
  EXPECT_EQ(counters.entries, 2U);
  EXPECT_GT(counters.bytes, 0U);
  // A run cut by the range is written every time and never kept.
  EXPECT_EQ(source(cache, window, 30'000, 2 * minute - 1), "30000:2;|60000:3;90000:4;|");
  EXPECT_EQ(source.writes, 3);
  EXPECT_EQ(cache.snapshot().entries, 2U);
}

TEST(HistoryTextCache, ALateSampleOrATrimMakesTheTextStale) {
  recent_window window(std::chrono::minutes(10));
  std::vector<point> fresh;
  const std::vector<point> points{{0, 1}, {30'000, 2}, {60'000, 3}};
  window.insert("a/b", points, 100'000, fresh);
  history_text_cache cache(1 << 20);
  text_source source;
  EXPECT_EQ(source(cache, window, 0, minute - 1), "0:1;30000:2;|");
  // A late sample inside the minute (same first and last ts, one more point).
  const std::vector<point> late{{10'000, 9}};
  window.insert("a/b", late, 100'000, fresh);
  EXPECT_EQ(source(cache, window, 0, minute - 1), "0:1;10000:9;30000:2;|");
  EXPECT_EQ(source.writes, 2);
  // The window moves past the minute's first samples: the rest is written afresh.
  window.trim(10 * minute + 5'000);
  EXPECT_EQ(source(cache, window, 0, minute - 1), "10000:9;30000:2;|");
  EXPECT_EQ(source.writes, 3);
  EXPECT_EQ(source(cache, window, 0, minute - 1), "10000:9;30000:2;|");
  EXPECT_EQ(source.writes, 3);
}

TEST(HistoryTextCache, StaysWithinItsBytesLeastRecentlyUsedOutFirst) {
  recent_window window(std::chrono::hours(10));
  std::vector<point> fresh;
  std::vector<point> points;
  for (int m = 0; m < 100; ++m) points.push_back({m * minute, static_cast<double>(m)});
  window.insert("a/b", points, 100 * minute, fresh);
  const std::size_t budget = 4096;
  history_text_cache cache(budget);
  text_source source;
  (void)source(cache, window, 0, 100 * minute - 1);
  EXPECT_EQ(source.writes, 100);
  const auto counters = cache.snapshot();
  EXPECT_LE(counters.bytes, budget);
  EXPECT_GT(counters.entries, 0U);
  EXPECT_LT(counters.entries, 100U);
  // The last minutes written are the ones kept.
  (void)source(cache, window, 99 * minute, 100 * minute - 1);
  EXPECT_EQ(source.writes, 100);
  (void)source(cache, window, 0, minute - 1);
  EXPECT_EQ(source.writes, 101);
}

TEST(HistoryTextCache, NoBytesMeansNothingIsKept) {
  recent_window window(std::chrono::hours(1));
  std::vector<point> fresh;
  const std::vector<point> points{{0, 1}};
  window.insert("a/b", points, 1000, fresh);
  history_text_cache cache(0);
  text_source source;
  (void)source(cache, window, 0, minute - 1);
  (void)source(cache, window, 0, minute - 1);
  EXPECT_EQ(source.writes, 2);
  EXPECT_EQ(cache.snapshot().entries, 0U);
}

TEST(HistoryTextCache, AnswersAreTheSameWithAndWithoutIt) {
  twin_apis api({}, api_limits{.history_cache_bytes = 0});
  const timestamp_ms now = (wall_clock_ms() / minute) * minute;
  const timestamp_ms start = now - 20 * minute;
  std::vector<point> points;
  for (timestamp_ms ts = start; ts < now; ts += 700) points.push_back({ts, static_cast<double>(ts % 9973) / 7.0});
  api.insert("a/b", points, now);
  std::vector<point> older;  // before the window: read from the store
  for (timestamp_ms ts = now - 65 * minute; ts < now - 61 * minute; ts += 900) older.push_back({ts, -0.5});
  api.store_points("a/b", older);
  const std::vector<std::string> targets{
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=100000", start, now),
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=100000", start + 12'345, now - 54'321),
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=85", start, now),  // cut inside a minute
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=171", start, now),
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=100&cursor={}", start, now, start + 5 * minute + 100),
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=100000", now - 70 * minute, now),
  };
  for (int round = 0; round < 3; ++round) {
    for (const auto& target : targets) api.expect_same(target);
    // Late samples into minutes already answered, then again.
    api.insert("a/b", {{start + round * minute + 350, -1.5}, {start + (round + 7) * minute + 1, 2.25}}, now);
  }
  EXPECT_GT(api.first.history_cache_counters().hits, 0U);
  EXPECT_EQ(api.second.history_cache_counters().hits, 0U);
}

}  // namespace
}  // namespace telemetry::http
