#include "generic_signal.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "counter_noise.hpp"

namespace telemetry::producer {
namespace {

constexpr std::array<std::pair<generic_kind, std::string_view>, 5> kind_names{{
    {generic_kind::sine, "sine"},
    {generic_kind::square, "square"},
    {generic_kind::random_walk, "random_walk"},
    {generic_kind::uniform, "uniform"},
    {generic_kind::gaussian, "gaussian"},
}};

// Position within the period in [0, 1), from integer milliseconds.
double cycle_fraction(timestamp_ms ts, std::chrono::milliseconds period) noexcept {
  const auto p = period.count();
  return static_cast<double>(((ts % p) + p) % p) / static_cast<double>(p);
}

// Folds a value back into [lo, hi] as a wall would reflect it.
double reflect(double value, double lo, double hi) noexcept {
  const double width = hi - lo;
  if (width <= 0) return lo;
  double x = std::fmod(value - lo, 2 * width);
  if (x < 0) x += 2 * width;
  return lo + (x <= width ? x : 2 * width - x);
}

}  // namespace

std::optional<generic_kind> parse_generic_kind(std::string_view text) noexcept {
  for (const auto& [kind, name] : kind_names) {
    if (name == text) return kind;
  }
  return std::nullopt;
}

std::string_view to_string(generic_kind kind) noexcept {
  return kind_names[static_cast<std::size_t>(kind)].second;
}

generic_source::generic_source(generic_signal_spec spec, tick_grid grid, std::uint64_t seed, std::uint64_t stream)
    : signal_source(spec.id, spec.meta, grid), spec_(std::move(spec)), seed_(seed), stream_(stream) {}

double generic_source::value(std::int64_t k, timestamp_ms ts) {
  const double lo = *spec_.meta.min;
  const double hi = *spec_.meta.max;
  const auto counter = static_cast<std::uint64_t>(k);
  switch (spec_.kind) {
    case generic_kind::sine: {
      const double phase =
          2 * std::numbers::pi * cycle_fraction(ts, spec_.period) + spec_.phase_deg * std::numbers::pi / 180;
      return spec_.offset + spec_.amplitude * std::sin(phase);
    }
    case generic_kind::square: return cycle_fraction(ts, spec_.period) < spec_.duty ? spec_.high : spec_.low;
    case generic_kind::random_walk: {
      const double step = spec_.step * (2 * uniform_noise(seed_, stream_, counter) - 1);
      walk_ = walk_ ? reflect(*walk_ + step, lo, hi) : std::clamp(spec_.start, lo, hi);
      return *walk_;
    }
    case generic_kind::uniform: return spec_.low + (spec_.high - spec_.low) * uniform_noise(seed_, stream_, counter);
    case generic_kind::gaussian:
      return std::clamp(spec_.mean + spec_.stddev * gaussian_noise(seed_, stream_, counter), lo, hi);
  }
  return lo;
}

}  // namespace telemetry::producer
