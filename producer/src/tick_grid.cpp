#include "tick_grid.hpp"

#include <cmath>
#include <stdexcept>

namespace telemetry::producer {
namespace {

// Milliseconds per tick times millihertz: ts = k * scale / rate_millihertz.
constexpr std::int64_t scale = 1'000'000;

}  // namespace

tick_grid::tick_grid(std::int64_t rate_millihertz) : rate_millihertz_(rate_millihertz) {
  if (rate_millihertz <= 0 || rate_millihertz > max_rate_millihertz) {
    throw std::invalid_argument("rate must be in (0, 1000] Hz");
  }
}

std::optional<tick_grid> tick_grid::from_hz(double hz) noexcept {
  if (!std::isfinite(hz)) return std::nullopt;
  const double millihertz = std::round(hz * 1000.0);
  if (millihertz <= 0 || millihertz > static_cast<double>(max_rate_millihertz)) return std::nullopt;
  return tick_grid(static_cast<std::int64_t>(millihertz));
}

// Split k = a*R + b so that no product overflows: ts = a*scale + floor(b*scale/R).
timestamp_ms tick_grid::ts(std::int64_t k) const noexcept {
  const std::int64_t a = k / rate_millihertz_;
  const std::int64_t b = k % rate_millihertz_;
  return a * scale + b * scale / rate_millihertz_;
}

// Split t = c*scale + d: k = ceil(t*R/scale) = c*R + ceil(d*R/scale).
std::int64_t tick_grid::first_at_or_after(timestamp_ms t) const noexcept {
  const std::int64_t c = t / scale;
  const std::int64_t d = t % scale;
  return c * rate_millihertz_ + (d * rate_millihertz_ + scale - 1) / scale;
}

}  // namespace telemetry::producer
