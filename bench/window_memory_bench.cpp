// Recent window memory: 5 series x 1 h at 10 Hz (180,000 samples) inserted as the ingest
// pipeline does (100-sample messages), then bytes per sample from recent_window::bytes() and
// from the growth of this process's resident memory.
#include <fmt/format.h>
#include <malloc.h>

#include <vector>

#include "live/recent_window.hpp"
#include "support/bench_support.hpp"

int main() {
  using namespace telemetry::bench;
  constexpr int series_count = 5;
  constexpr int per_series = 36'000;
  constexpr double total = series_count * per_series;
  const auto now = wall_ms();
  const auto first = now - 3600 * 1000 + 50;

  // Build the input first so its memory is not counted.
  std::vector<std::vector<telemetry::store::point>> messages;
  for (int s = 0; s < series_count; ++s) {
    for (int i = 0; i < per_series; i += 100) {
      std::vector<telemetry::store::point> m;
      for (int k = i; k < i + 100; ++k) m.push_back({first + k * 100, static_cast<double>(k)});
      messages.push_back(std::move(m));
    }
  }
  std::vector<telemetry::store::point> fresh;
  fresh.reserve(100);
  malloc_trim(0);
  const auto before = rss_bytes();
  auto* window = new telemetry::live::recent_window(std::chrono::hours(1));
  for (std::size_t m = 0; m < messages.size(); ++m) {
    fresh.clear();
    window->insert(fmt::format("bench-window/s{}", m / (messages.size() / series_count)), messages[m], now, fresh);
  }
  const auto after = rss_bytes();
  const auto reported = window->bytes();
  const auto held = window->size();
  figure("window memory", fmt::format("samples held ({} series)", series_count), static_cast<double>(held), "samples");
  const double per_sample = static_cast<double>(reported) / total;
  figure("window memory", "recent_window::bytes() per sample", per_sample, "B", "<= 32 B + small per-series",
         per_sample <= 32 + 1);
  const double rss_per_sample = static_cast<double>(after - before) / total;
  figure("window memory", "RSS growth per sample", rss_per_sample, "B", "<= 32 B + small per-series",
         rss_per_sample <= 32 + 1);
  delete window;
  return held == static_cast<std::size_t>(total) ? 0 : 1;
}
