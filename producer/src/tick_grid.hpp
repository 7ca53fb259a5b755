#pragma once
// Sample times of one series. Tick k counts from the Unix epoch: its timestamp is
// ts_k = floor(k * 1000 / rate) ms and its seq is k. At 10 Hz this is ts = k * 100 and
// seq = ts * rate / 1000; for rates that do not divide 1000 ms the floor keeps ts integral.
// Because the grid is anchored at the epoch, not at start-up, a restarted producer emits the
// same (ts, seq) pairs for the same instants, and seq increases strictly within a series.
//
// Rates are held exactly in millihertz (0.001 Hz steps) so the arithmetic is integral;
// at most 1000 Hz, since two ticks must never share a millisecond.
#include <cstdint>
#include <optional>

#include "telemetry/common/sample.hpp"

namespace telemetry::producer {

class tick_grid {
 public:
  static constexpr std::int64_t max_rate_millihertz = 1'000'000;

  // Throws std::invalid_argument unless 0 < rate_millihertz <= max_rate_millihertz.
  explicit tick_grid(std::int64_t rate_millihertz);
  // nullopt when `hz` rounds to a rate outside (0, 1000] Hz or is not finite.
  [[nodiscard]] static std::optional<tick_grid> from_hz(double hz) noexcept;

  [[nodiscard]] timestamp_ms ts(std::int64_t k) const noexcept;
  [[nodiscard]] static std::uint64_t seq(std::int64_t k) noexcept { return static_cast<std::uint64_t>(k); }
  // The smallest k with ts(k) >= t.
  [[nodiscard]] std::int64_t first_at_or_after(timestamp_ms t) const noexcept;

  [[nodiscard]] std::int64_t rate_millihertz() const noexcept { return rate_millihertz_; }
  [[nodiscard]] double rate_hz() const noexcept { return static_cast<double>(rate_millihertz_) / 1000.0; }

 private:
  std::int64_t rate_millihertz_;
};

}  // namespace telemetry::producer
