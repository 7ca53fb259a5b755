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
  auto& points_held = found->second;
  for (const auto& p : points) {
    if (p.ts < oldest) continue;
    if (points_held.empty() || points_held.back().ts < p.ts) {
      points_held.push_back(p);  // the common case: samples arrive in order
    } else {
      const auto it = first_at(points_held, p.ts);
      if (it != points_held.end() && it->ts == p.ts) continue;
      points_held.insert(it, p);
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

std::size_t recent_window::count(std::string_view series, timestamp_ms from, timestamp_ms to) const {
  if (from > to) return 0;
  std::shared_lock lock(mutex_);
  const auto* points = held(series);
  if (points == nullptr) return 0;
  const auto first = first_at(*points, from);
  return static_cast<std::size_t>(first_at(*points, to + 1, first) - first);
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
