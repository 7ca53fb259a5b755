#include "electrolyzer_model.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "counter_noise.hpp"

namespace telemetry::producer {
namespace {

using namespace electrolyzer;

constexpr std::array<electrolyzer_signal_info, 5> signals{{
    {electrolyzer_signal::power_input, "power_input", "Power Input", "kW", 0, 1200, 5.0, "DC power drawn by the stack"},
    {electrolyzer_signal::water_flow, "water_flow", "Water Flow Rate", "L/min", 0, 4, 0.02,
     "Deionised feed water, about 9 L per kg of hydrogen"},
    {electrolyzer_signal::temperature, "temperature", "Temperature", "°C", 0, 100, 0.2,
     "Stack outlet temperature; trails load by the thermal time constant"},
    {electrolyzer_signal::h2_production, "h2_production", "Hydrogen Production Rate", "kg/h", 0, 25, 0.08,
     "Power times efficiency over 39.4 kWh/kg (HHV)"},
    {electrolyzer_signal::efficiency, "efficiency", "Efficiency", "%", 0, 100, 0.3,
     "HHV efficiency; falls with load, rises with temperature"},
}};

// Phase of a periodic term computed from integer milliseconds, so precision does not degrade
// with the size of epoch timestamps.
double angle(timestamp_ms ts, std::int64_t period_ms) noexcept {
  const auto within = ((ts % period_ms) + period_ms) % period_ms;
  return 2.0 * std::numbers::pi * static_cast<double>(within) / static_cast<double>(period_ms);
}

double omega(std::int64_t period_ms) noexcept {
  return 2.0 * std::numbers::pi / (static_cast<double>(period_ms) / 1000.0);
}

}  // namespace

const std::array<electrolyzer_signal_info, 5>& electrolyzer_signals() noexcept {
  return signals;
}

const electrolyzer_signal_info& info(electrolyzer_signal signal) noexcept {
  return signals[static_cast<std::size_t>(signal)];
}

double load_at(timestamp_ms ts) noexcept {
  double load = base_load;
  for (const auto& c : load_components) load += c.amplitude * std::sin(angle(ts, c.period_ms) + c.phase_rad);
  return load;
}

double lagged_load_at(timestamp_ms ts) noexcept {
  double load = base_load;
  for (const auto& c : load_components) {
    const double w_tau = omega(c.period_ms) * thermal_tau_s;
    load += c.amplitude / std::sqrt(1.0 + w_tau * w_tau) *
            std::sin(angle(ts, c.period_ms) + c.phase_rad - std::atan(w_tau));
  }
  return load;
}

double efficiency_at(double load, double temperature_c) noexcept {
  const double efficiency = efficiency_at_zero_load_pct - efficiency_per_load_pct * load +
                            efficiency_per_kelvin_pct * (temperature_c - efficiency_reference_c);
  return std::clamp(efficiency, min_efficiency_pct, max_efficiency_pct);
}

plant_state plant_state_at(timestamp_ms ts) noexcept {
  plant_state s{};
  s.load = load_at(ts);
  s.power_kw = rated_power_kw * s.load;
  s.temperature_c = base_temperature_c + temperature_rise_c * lagged_load_at(ts);
  s.efficiency_pct = efficiency_at(s.load, s.temperature_c);
  s.h2_kg_per_h = s.power_kw * s.efficiency_pct / 100.0 / hhv_kwh_per_kg;
  s.water_l_per_min = s.h2_kg_per_h * water_l_per_kg / 60.0;
  return s;
}

double electrolyzer_model::measured(electrolyzer_signal signal, timestamp_ms ts) const noexcept {
  const plant_state s = plant_state_at(ts);
  double value = 0;
  switch (signal) {
    case electrolyzer_signal::power_input: value = s.power_kw; break;
    case electrolyzer_signal::water_flow: value = s.water_l_per_min; break;
    case electrolyzer_signal::temperature: value = s.temperature_c; break;
    case electrolyzer_signal::h2_production: value = s.h2_kg_per_h; break;
    case electrolyzer_signal::efficiency: value = s.efficiency_pct; break;
  }
  const auto& meta = info(signal);
  const auto stream = static_cast<std::uint64_t>(signal);
  value += meta.noise_stddev * gaussian_noise(seed_, stream, static_cast<std::uint64_t>(ts));
  return std::clamp(value, meta.min, meta.max);
}

}  // namespace telemetry::producer
