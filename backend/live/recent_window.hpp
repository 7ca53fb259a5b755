#pragma once
// The samples of the last `span` per series, in time order, in memory: "last hour" queries,
// charts and the live stream never touch the store. 16 bytes per sample in a std::deque
// (512-byte blocks) plus one map node per series. Thread-safe: one writer, many readers.
#include <algorithm>
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
    const auto* points = held(series);
    if (points == nullptr) return;
    for (auto it = first_at(*points, from); it != points->end() && it->ts <= to; ++it) {
      if (!visit(*it)) return;
    }
  }

  // The points of one interval [start, start + run_ms) of a series, as the window holds them.
  struct point_run {
    std::deque<point>::const_iterator begin;
    std::deque<point>::const_iterator end;
    timestamp_ms start = 0;
    // The interval lies inside the visited [from, to], so the run is every point the window
    // holds of it; a run cut by from or to is not whole.
    bool whole = false;
    [[nodiscard]] std::size_t size() const noexcept { return static_cast<std::size_t>(end - begin); }
  };

  // Like visit(), in runs of the points sharing ts / run_ms (run_ms > 0): visit(point_run)
  // under a shared lock, in order; stop on false.
  template <typename Visitor>
  void visit_runs(std::string_view series, timestamp_ms from, timestamp_ms to, timestamp_ms run_ms,
                  Visitor&& visit) const {
    std::shared_lock lock(mutex_);
    const auto* points = held(series);
    if (points == nullptr) return;
    for (auto it = first_at(*points, from); it != points->end() && it->ts <= to;) {
      const auto start = floor_to(it->ts, run_ms);
      const auto end = first_at(*points, std::min(to, start + (run_ms - 1)) + 1, it);
      if (!visit(point_run{it, end, start, start >= from && start + (run_ms - 1) <= to})) return;
      it = end;
    }
  }

  [[nodiscard]] std::size_t size() const;
  // Points of `series` with from <= ts <= to.
  [[nodiscard]] std::size_t count(std::string_view series, timestamp_ms from, timestamp_ms to) const;
  // Approximate heap bytes held, for /metrics.
  [[nodiscard]] std::size_t bytes() const;
  [[nodiscard]] static constexpr std::size_t bytes_per_sample() noexcept { return sizeof(point); }

 private:
  using held_points = std::deque<point>;

  // The points of `series`, or nullptr; the caller holds the lock.
  [[nodiscard]] const held_points* held(std::string_view series) const {
    const auto found = series_.find(series);
    return found == series_.end() ? nullptr : &found->second;
  }
  // The first of `points` (from `begin` on) with ts >= from.
  [[nodiscard]] static held_points::const_iterator first_at(const held_points& points, timestamp_ms from) {
    return first_at(points, from, points.begin());
  }
  [[nodiscard]] static held_points::const_iterator first_at(const held_points& points, timestamp_ms from,
                                                            held_points::const_iterator begin) {
    return std::lower_bound(begin, points.end(), from, [](const point& p, timestamp_ms ts) { return p.ts < ts; });
  }

  // The largest multiple of `step` at or below ts (ts may be negative).
  static timestamp_ms floor_to(timestamp_ms ts, timestamp_ms step) noexcept {
    const auto q = ts / step;
    return (q * step > ts ? q - 1 : q) * step;
  }

  std::chrono::milliseconds span_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::deque<point>, std::less<>> series_;
};

}  // namespace telemetry::live
