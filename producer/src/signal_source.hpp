#pragma once
// One published series: its signal id, metadata, tick grid and the value at each tick. A
// source is driven by exactly one thread with strictly increasing k, so stateful kinds (the
// random walk) need no locking; stateless kinds ignore the order.
#include <cstdint>
#include <string>

#include "telemetry/common/sample.hpp"
#include "telemetry/common/series_meta.hpp"
#include "tick_grid.hpp"

namespace telemetry::producer {

class signal_source {
 public:
  signal_source(std::string id, series_meta meta, tick_grid grid)
      : id_(std::move(id)), meta_(std::move(meta)), grid_(grid) {}
  virtual ~signal_source() = default;
  signal_source(const signal_source&) = delete;
  signal_source& operator=(const signal_source&) = delete;

  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  [[nodiscard]] const series_meta& meta() const noexcept { return meta_; }
  [[nodiscard]] const tick_grid& grid() const noexcept { return grid_; }

  // The value of tick k, whose timestamp is ts = grid().ts(k).
  [[nodiscard]] virtual double value(std::int64_t k, timestamp_ms ts) = 0;

 private:
  std::string id_;
  series_meta meta_;
  tick_grid grid_;
};

}  // namespace telemetry::producer
