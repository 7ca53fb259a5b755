#include "electrolyzer_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace telemetry::producer {
namespace {

constexpr timestamp_ms t0 = 1764857000000;

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

TEST(ElectrolyzerModel, SameSeedAndTimestampGiveTheSameValue) {
  const electrolyzer_model a(7);
  const electrolyzer_model b(7);
  for (const auto& i : electrolyzer_signals()) {
    for (timestamp_ms ts = t0; ts < t0 + 10'000; ts += 100)
      EXPECT_EQ(a.measured(i.signal, ts), b.measured(i.signal, ts));
  }
}

TEST(ElectrolyzerModel, DifferentSeedsGiveDifferentNoiseAroundTheSameState) {
  const electrolyzer_model a(7);
  const electrolyzer_model b(8);
  int differ = 0;
  for (timestamp_ms ts = t0; ts < t0 + 10'000; ts += 100) {
    const double pa = a.measured(electrolyzer_signal::power_input, ts);
    const double pb = b.measured(electrolyzer_signal::power_input, ts);
    differ += pa != pb ? 1 : 0;
    EXPECT_NEAR(pa, pb, 12 * info(electrolyzer_signal::power_input).noise_stddev);
  }
  EXPECT_EQ(differ, 100);
}

TEST(ElectrolyzerModel, NoiseOfEachSignalIsIndependentOfTheOthers) {
  // Two signals must not share their noise draw, or their ratio would hide it.
  const electrolyzer_model m(1);
  std::vector<double> power_noise, temperature_noise;
  for (timestamp_ms ts = t0; ts < t0 + 200'000; ts += 100) {
    const auto s = plant_state_at(ts);
    power_noise.push_back(m.measured(electrolyzer_signal::power_input, ts) - s.power_kw);
    temperature_noise.push_back(m.measured(electrolyzer_signal::temperature, ts) - s.temperature_c);
  }
  EXPECT_LT(std::abs(pearson(power_noise, temperature_noise)), 0.05);
}

TEST(ElectrolyzerModel, CouplingHoldsExactlyOnTheStateAndWithinNoiseWhenMeasured) {
  const electrolyzer_model m(3);
  for (timestamp_ms ts = t0; ts < t0 + 7'200'000; ts += 10'000) {
    const auto s = plant_state_at(ts);
    EXPECT_NEAR(s.h2_kg_per_h, s.power_kw * s.efficiency_pct / 100 / 39.4, 1e-9);
    EXPECT_NEAR(s.water_l_per_min, s.h2_kg_per_h * 9 / 60, 1e-9);
    EXPECT_NEAR(s.power_kw, 1000 * s.load, 1e-9);

    const double power = m.measured(electrolyzer_signal::power_input, ts);
    const double efficiency = m.measured(electrolyzer_signal::efficiency, ts);
    const double h2 = m.measured(electrolyzer_signal::h2_production, ts);
    const double water = m.measured(electrolyzer_signal::water_flow, ts);
    // Six sigma of each noise, propagated to first order.
    const double band = 6 * (info(electrolyzer_signal::h2_production).noise_stddev +
                             info(electrolyzer_signal::power_input).noise_stddev * efficiency / 100 / 39.4 +
                             info(electrolyzer_signal::efficiency).noise_stddev * power / 100 / 39.4);
    EXPECT_NEAR(h2, power * efficiency / 100 / 39.4, band) << ts;
    const double water_band = 6 * (info(electrolyzer_signal::water_flow).noise_stddev +
                                   info(electrolyzer_signal::h2_production).noise_stddev * 9 / 60);
    EXPECT_NEAR(water, h2 * 9 / 60, water_band) << ts;
  }
}

TEST(ElectrolyzerModel, LoadStaysInItsRangeAndMovesSlowly) {
  double lo = 1, hi = 0;
  for (timestamp_ms ts = t0; ts < t0 + 3 * 3'600'000; ts += 1'000) {
    const double load = load_at(ts);
    lo = std::min(lo, load);
    hi = std::max(hi, load);
    ASSERT_GE(load, 0.2 - 1e-12);
    ASSERT_LE(load, 1.0 + 1e-12);
    // A few slow sinusoids: at most about 0.4 % of rated power per second.
    ASSERT_LT(std::abs(load_at(ts + 1'000) - load), 0.004);
  }
  EXPECT_LT(lo, 0.4);  // the profile uses most of its range within a few hours
  EXPECT_GT(hi, 0.8);
}

TEST(ElectrolyzerModel, TemperatureLagsPower) {
  // Cross-correlation of power and temperature peaks at a positive lag of minutes.
  std::vector<double> power, temperature;
  for (timestamp_ms ts = t0; ts < t0 + 4 * 3'600'000; ts += 10'000) {
    const auto s = plant_state_at(ts);
    power.push_back(s.power_kw);
    temperature.push_back(s.temperature_c);
  }
  int best_lag = 0;
  double best = -2;
  for (int lag = -60; lag <= 60; ++lag) {  // +-10 minutes in 10 s steps
    std::vector<double> p, t;
    for (std::size_t i = 60; i + 60 < power.size(); ++i) {
      p.push_back(power[i]);
      t.push_back(temperature[static_cast<std::size_t>(static_cast<int>(i) + lag)]);
    }
    if (const double r = pearson(p, t); r > best) {
      best = r;
      best_lag = lag;
    }
  }
  EXPECT_GT(best, 0.9);
  EXPECT_GE(best_lag * 10, 60) << "temperature should trail power by minutes";
  EXPECT_LE(best_lag * 10, 400);
}

TEST(ElectrolyzerModel, LaggedLoadMatchesAFirstOrderLagIntegratedNumerically) {
  // dLf/dt = (L - Lf) / tau, integrated with small steps from the closed form's own value.
  const double tau = electrolyzer::thermal_tau_s;
  double lf = lagged_load_at(t0);
  for (timestamp_ms ts = t0; ts < t0 + 1'800'000; ts += 100) lf += 0.1 * (load_at(ts) - lf) / tau;
  EXPECT_NEAR(lf, lagged_load_at(t0 + 1'800'000), 1e-3);
}

TEST(ElectrolyzerModel, EfficiencyFallsWithLoadAndRisesWithTemperature) {
  EXPECT_GT(efficiency_at(0.3, 60), efficiency_at(0.9, 60));
  EXPECT_LT(efficiency_at(0.6, 50), efficiency_at(0.6, 70));
  EXPECT_DOUBLE_EQ(efficiency_at(0.5, 60), 70.0);
  EXPECT_DOUBLE_EQ(efficiency_at(0, 200), electrolyzer::max_efficiency_pct);
  // Over a day of operation, higher load still means lower efficiency.
  std::vector<double> load, efficiency;
  for (timestamp_ms ts = t0; ts < t0 + 86'400'000; ts += 60'000) {
    const auto s = plant_state_at(ts);
    load.push_back(s.load);
    efficiency.push_back(s.efficiency_pct);
  }
  EXPECT_LT(pearson(load, efficiency), -0.5);
}

TEST(ElectrolyzerModel, MeasuredValuesStayWithinTheirMetadataRange) {
  const electrolyzer_model m(11);
  for (const auto& i : electrolyzer_signals()) {
    double lo = i.max, hi = i.min;
    for (timestamp_ms ts = t0; ts < t0 + 86'400'000; ts += 7'000) {
      const double v = m.measured(i.signal, ts);
      ASSERT_GE(v, i.min) << i.id;
      ASSERT_LE(v, i.max) << i.id;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    EXPECT_LT(lo, hi) << i.id;
  }
}

TEST(ElectrolyzerModel, PlausibleOperatingPoint) {
  for (timestamp_ms ts = t0; ts < t0 + 86'400'000; ts += 60'000) {
    const auto s = plant_state_at(ts);
    ASSERT_GE(s.power_kw, 200 - 1e-9);
    ASSERT_LE(s.power_kw, 1000 + 1e-9);
    ASSERT_GT(s.temperature_c, 45);
    ASSERT_LT(s.temperature_c, 80);
    ASSERT_GT(s.efficiency_pct, 60);
    ASSERT_LT(s.efficiency_pct, 76);
    ASSERT_LT(s.h2_kg_per_h, 20);
    ASSERT_LT(s.water_l_per_min, 3.1);
  }
}

TEST(ElectrolyzerModel, SignalTableMatchesTheDesign) {
  const auto& s = electrolyzer_signals();
  EXPECT_EQ(s[0].id, "power_input");
  EXPECT_EQ(s[0].unit, "kW");
  EXPECT_EQ(s[1].id, "water_flow");
  EXPECT_EQ(s[1].name, "Water Flow Rate");
  EXPECT_EQ(s[1].unit, "L/min");
  EXPECT_EQ(s[2].id, "temperature");
  EXPECT_EQ(s[2].unit, "°C");
  EXPECT_EQ(s[3].id, "h2_production");
  EXPECT_EQ(s[3].name, "Hydrogen Production Rate");
  EXPECT_EQ(s[3].unit, "kg/h");
  EXPECT_EQ(s[4].id, "efficiency");
  EXPECT_EQ(s[4].unit, "%");
}

}  // namespace
}  // namespace telemetry::producer
