#pragma once
// The JSON text of whole runs of recent-window points ("[ts,v],[ts,v],..."), reused by
// /api/history: writing the shortest text of a double is most of the cost of a history
// answer, and a minute of the past seldom changes.
//
// An entry is used only while the window holds exactly the points it was written from. The
// window's points of an interval only grow (inserts; a ts already held is never replaced) or
// lose their oldest (trim, after which they never return), so the same first ts, last ts and
// count mean the same points. Bounded in bytes, least recently used out first. Thread-safe.
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "live/recent_window.hpp"

namespace telemetry::http {

class history_text_cache {
 public:
  // max_bytes 0 turns the cache off: every run is written afresh.
  explicit history_text_cache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The text of `run` of `series`; `write(std::string&)` writes it on a miss. Runs that are
  // not whole are written every time and not kept.
  template <typename Write>
  [[nodiscard]] std::shared_ptr<const std::string> text(const std::string& series,
                                                        const live::recent_window::point_run& run, Write&& write) {
    const run_shape shape{run.begin->ts, std::prev(run.end)->ts, run.size()};
    if (run.whole && max_bytes_ > 0) {
      if (auto found = find(series, run.start, shape)) return found;
    }
    auto written = std::make_shared<std::string>();
    write(*written);
    if (run.whole && max_bytes_ > 0) keep(series, run.start, shape, written);
    return written;
  }

  struct counters {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t bytes = 0;
    std::size_t entries = 0;
  };
  [[nodiscard]] counters snapshot() const;

 private:
  struct run_shape {
    timestamp_ms first_ts = 0;
    timestamp_ms last_ts = 0;
    std::size_t count = 0;
    bool operator==(const run_shape&) const = default;
  };
  using run_id = std::pair<std::string, timestamp_ms>;  // series, run start
  struct entry {
    run_id id;
    run_shape shape;
    std::shared_ptr<const std::string> text;
    std::size_t bytes = 0;  // counted when kept, so dropping takes back exactly that
  };

  std::shared_ptr<const std::string> find(const std::string& series, timestamp_ms start, const run_shape& shape);
  void keep(const std::string& series, timestamp_ms start, const run_shape& shape,
            std::shared_ptr<const std::string> text);
  void drop(std::list<entry>::iterator it);

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<entry> recent_;  // most recently used first
  std::map<run_id, std::list<entry>::iterator> index_;
  counters counters_;
};

}  // namespace telemetry::http
