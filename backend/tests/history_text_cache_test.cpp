#include "http/history_text_cache.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "http/api_handlers.hpp"
#include "store/sqlite_store.hpp"
#include "telemetry/testing/child_process.hpp"

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

// /api/history as answered by api_handlers over one window, with and without the cache.
struct history_answers {
  testing::temp_dir dir;
  store::sqlite_store store{dir.path() + "/history.db"};
  ingest::series_registry registry;
  recent_window window{std::chrono::hours(1)};
  live::replay_buffer replay{1000, std::chrono::minutes(10), 1};
  store::store_writer_stats writer_stats;
  ingest::ingest_stats ingest_stats;
  ingest::reject_counters rejects;
  broadcaster hub{10, std::chrono::milliseconds(50)};
  api_context cached{registry, window, replay, store, writer_stats, ingest_stats, rejects, hub, [] { return true; },
                     {},       {},     {}};
  api_context uncached{registry,
                       window,
                       replay,
                       store,
                       writer_stats,
                       ingest_stats,
                       rejects,
                       hub,
                       [] { return true; },
                       api_limits{.history_cache_bytes = 0},
                       {},
                       {}};
  api_handlers with_cache{cached};
  api_handlers without_cache{uncached};

  void insert(const std::vector<point>& points, timestamp_ms now) {
    std::vector<point> fresh;
    window.insert("a/b", points, now, fresh);
    for (const auto& p : points) registry.observe(*parse_series_id("a/b"), p);
  }
  static std::string ask(api_handlers& handlers, const std::string& target) {
    const request req{bhttp::verb::get, target, 11};
    const auto question = target.find('?');
    const auto res = handlers.handle(req, std::string_view(target).substr(0, question),
                                     std::string_view(target).substr(question + 1));
    EXPECT_TRUE(res && res->result_int() == 200) << target;
    return res ? res->body() : std::string();
  }
  void expect_same(const std::string& target) {
    EXPECT_EQ(ask(with_cache, target), ask(without_cache, target)) << target;
  }
};

TEST(HistoryTextCache, AnswersAreTheSameWithAndWithoutIt) {
  history_answers api;
  const timestamp_ms now = (wall_clock_ms() / minute) * minute;
  const timestamp_ms start = now - 20 * minute;
  std::vector<point> points;
  for (timestamp_ms ts = start; ts < now; ts += 700) points.push_back({ts, static_cast<double>(ts % 9973) / 7.0});
  api.insert(points, now);
  const std::vector<std::string> targets{
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=100000", start, now),
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=100000", start + 12'345, now - 54'321),
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=85", start, now),  // cut inside a minute
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=171", start, now),
      fmt::format("/api/history?series=a/b&from={}&to={}&limit=100&cursor={}", start, now, start + 5 * minute + 100),
  };
  for (int round = 0; round < 3; ++round) {
    for (const auto& target : targets) api.expect_same(target);
    // Late samples into minutes already answered, then again.
    api.insert({{start + round * minute + 350, -1.5}, {start + (round + 7) * minute + 1, 2.25}}, now);
  }
  EXPECT_GT(api.with_cache.history_cache_counters().hits, 0U);
}

}  // namespace
}  // namespace telemetry::http
