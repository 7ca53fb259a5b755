#include "live/recent_window.hpp"

#include <algorithm>
#include <mutex>

namespace telemetry::live {

void recent_window::insert(std::string_view series, std::span<const point> points, timestamp_ms now,
                           std::vector<point>& fresh) {
  const auto oldest = start(now);
  std::unique_lock lock(mutex_);
  auto found = series_.find(series);
  if (found == series_.end()) found = series_.emplace(std::string(series), std::deque<point>{}).first;
  auto& held = found->second;
  for (const auto& p : points) {
    if (p.ts < oldest) continue;
    if (held.empty() || held.back().ts < p.ts) {
      held.push_back(p);  // the common case: samples arrive in order
    } else {
      const auto it =
          std::lower_bound(held.begin(), held.end(), p.ts, [](const point& q, timestamp_ms ts) { return q.ts < ts; });
      if (it != held.end() && it->ts == p.ts) continue;
      held.insert(it, p);
    }
    fresh.push_back(p);
  }
}

void recent_window::trim(timestamp_ms now) {
  const auto oldest = start(now);
  std::unique_lock lock(mutex_);
  for (auto& [name, points] : series_) {
    while (!points.empty() && points.front().ts < oldest) points.pop_front();
    if (points.empty()) points.shrink_to_fit();
  }
}

std::size_t recent_window::size() const {
  std::shared_lock lock(mutex_);
  std::size_t total = 0;
  for (const auto& [name, points] : series_) total += points.size();
  return total;
}

std::size_t recent_window::bytes() const {
  // A deque allocates 512-byte blocks, so bytes track the sample count closely.
  constexpr std::size_t per_series_overhead = 512 + 128;
  std::shared_lock lock(mutex_);
  std::size_t total = 0;
  for (const auto& [name, points] : series_) {
    total += points.size() * sizeof(point) + per_series_overhead + name.size();
  }
  return total;
}

}  // namespace telemetry::live
