#pragma once
// The samples of the last `span` per series, in time order, in memory: "last hour" queries,
// charts and the live stream never touch the store. 16 bytes per sample in a std::deque
// (512-byte blocks) plus one map node per series. Thread-safe: one writer, many readers.
#include <chrono>
#include <deque>
#include <map>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace telemetry::live {

using store::point;

class recent_window {
 public:
  explicit recent_window(std::chrono::milliseconds span) : span_(span) {}

  [[nodiscard]] std::chrono::milliseconds span() const noexcept { return span_; }
  // The oldest ts the window holds every sample from, at time `now`.
  [[nodiscard]] timestamp_ms start(timestamp_ms now) const noexcept { return now - span_.count(); }

  // Inserts the points in ts order and appends to `fresh` those that were new: a ts already
  // held is a duplicate, a ts older than the window is left to the store.
  void insert(std::string_view series, std::span<const point> points, timestamp_ms now, std::vector<point>& fresh);

  // Drops samples older than the window.
  void trim(timestamp_ms now);

  // Calls visit(point) for from <= ts <= to in order, under a shared lock; stop on false.
  template <typename Visitor>
  void visit(std::string_view series, timestamp_ms from, timestamp_ms to, Visitor&& visit) const {
    std::shared_lock lock(mutex_);
    const auto found = series_.find(series);
    if (found == series_.end()) return;
    const auto& points = found->second;
    auto it =
        std::lower_bound(points.begin(), points.end(), from, [](const point& p, timestamp_ms ts) { return p.ts < ts; });
    for (; it != points.end() && it->ts <= to; ++it) {
      if (!visit(*it)) return;
    }
  }

  [[nodiscard]] std::size_t size() const;
  // Approximate heap bytes held, for /metrics.
  [[nodiscard]] std::size_t bytes() const;
  [[nodiscard]] static constexpr std::size_t bytes_per_sample() noexcept { return sizeof(point); }

 private:
  std::chrono::milliseconds span_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::deque<point>, std::less<>> series_;
};

}  // namespace telemetry::live
