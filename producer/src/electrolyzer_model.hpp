#pragma once
// A PEM electrolyzer as pure functions of time. The noise-free plant state at a timestamp is
//   load L(t)      = 0.6 + sum_i a_i sin(2 pi t / P_i + phi_i)              in [0.2, 1]
//   power          = rated_power * L                                          kW
//   temperature    = base + rise * Lf(t), Lf the first-order lag (tau) of L   degC
//   efficiency     = clamp(74 - 8 L + 0.15 (T - 60), 55, 80)                  % (HHV)
//   h2_production  = power * efficiency / 100 / 39.4                          kg/h
//   water_flow     = h2_production * 9 / 60                                   L/min
// The lag has a closed form for sinusoids (gain 1/sqrt(1+(w tau)^2), phase atan(w tau)),
// so temperature trails power without any state. Each published signal adds its own seeded,
// counter-based gaussian noise to the state and is clamped to its metadata range; the coupling
// equations hold exactly on the noise-free state.
#include <array>
#include <cstdint>
#include <string_view>

#include "telemetry/common/sample.hpp"

namespace telemetry::producer {

namespace electrolyzer {
inline constexpr double rated_power_kw = 1000.0;
inline constexpr double base_load = 0.6;
inline constexpr double base_temperature_c = 40.0;
inline constexpr double temperature_rise_c = 40.0;
inline constexpr double thermal_tau_s = 300.0;
inline constexpr double efficiency_at_zero_load_pct = 74.0;
inline constexpr double efficiency_per_load_pct = 8.0;
inline constexpr double efficiency_per_kelvin_pct = 0.15;
inline constexpr double efficiency_reference_c = 60.0;
inline constexpr double min_efficiency_pct = 55.0;
inline constexpr double max_efficiency_pct = 80.0;
inline constexpr double hhv_kwh_per_kg = 39.4;
inline constexpr double water_l_per_kg = 9.0;

// The slow sinusoids of the load profile; amplitudes sum to 0.4 so L stays in [0.2, 1]. The
// periods have a common multiple of 7 h, so the hour a dashboard shows does not simply repeat.
struct load_component {
  double amplitude;
  std::int64_t period_ms;
  double phase_rad;
};
inline constexpr std::array<load_component, 3> load_components{{
    {0.25, 3'600'000, 0.0},  // hourly production schedule
    {0.10, 1'260'000, 1.3},  // grid balancing, tens of minutes
    {0.05, 420'000, 2.1},    // minute-scale renewable fluctuation
}};
}  // namespace electrolyzer

enum class electrolyzer_signal : std::uint8_t { power_input, water_flow, temperature, h2_production, efficiency };

// The design's table of signals: id, name, unit, metadata range and noise stddev.
struct electrolyzer_signal_info {
  electrolyzer_signal signal;
  std::string_view id;
  std::string_view name;
  std::string_view unit;
  double min;
  double max;
  double noise_stddev;
  std::string_view description;
};

[[nodiscard]] const std::array<electrolyzer_signal_info, 5>& electrolyzer_signals() noexcept;
[[nodiscard]] const electrolyzer_signal_info& info(electrolyzer_signal signal) noexcept;

struct plant_state {
  double load;
  double power_kw;
  double temperature_c;
  double efficiency_pct;
  double h2_kg_per_h;
  double water_l_per_min;
};

[[nodiscard]] double load_at(timestamp_ms ts) noexcept;
// L passed through the thermal first-order lag, in steady periodic state.
[[nodiscard]] double lagged_load_at(timestamp_ms ts) noexcept;
[[nodiscard]] double efficiency_at(double load, double temperature_c) noexcept;
[[nodiscard]] plant_state plant_state_at(timestamp_ms ts) noexcept;

class electrolyzer_model {
 public:
  explicit electrolyzer_model(std::uint64_t seed) noexcept : seed_(seed) {}

  // State value plus the signal's own noise, clamped to its metadata range.
  [[nodiscard]] double measured(electrolyzer_signal signal, timestamp_ms ts) const noexcept;
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }

 private:
  std::uint64_t seed_;
};

}  // namespace telemetry::producer
