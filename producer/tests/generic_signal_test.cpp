#include "generic_signal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace telemetry::producer {
namespace {

constexpr timestamp_ms t0 = 1764857000000;

generic_signal_spec spec_of(generic_kind kind, double lo, double hi) {
  generic_signal_spec spec;
  spec.id = "s";
  spec.kind = kind;
  spec.meta.min = lo;
  spec.meta.max = hi;
  return spec;
}

// Values of `n` consecutive ticks at `hz` starting at t0.
std::vector<double> run(generic_signal_spec spec, double hz, int n, std::uint64_t seed = 1) {
  const auto grid = *tick_grid::from_hz(hz);
  generic_source source(std::move(spec), grid, seed, 99);
  std::vector<double> values;
  const auto k0 = grid.first_at_or_after(t0);
  for (auto k = k0; k < k0 + n; ++k) values.push_back(source.value(k, grid.ts(k)));
  return values;
}

struct moments {
  double mean;
  double stddev;
};

moments moments_of(const std::vector<double>& v) {
  double sum = 0, squares = 0;
  for (const double x : v) {
    sum += x;
    squares += x * x;
  }
  const double n = static_cast<double>(v.size());
  return {sum / n, std::sqrt(squares / n - (sum / n) * (sum / n))};
}

TEST(GenericSignal, KindNamesRoundTrip) {
  for (const auto kind : {generic_kind::sine, generic_kind::square, generic_kind::random_walk, generic_kind::uniform,
                          generic_kind::gaussian}) {
    EXPECT_EQ(parse_generic_kind(to_string(kind)), kind);
  }
  EXPECT_FALSE(parse_generic_kind("triangle").has_value());
}

TEST(GenericSignal, SineHasItsPeriodAndAmplitude) {
  auto spec = spec_of(generic_kind::sine, -10, 10);
  spec.amplitude = 3;
  spec.offset = 1;
  spec.period = std::chrono::seconds(10);
  const auto v = run(spec, 10, 300);  // three periods
  double lo = 100, hi = -100;
  for (const double x : v) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  EXPECT_NEAR(hi, 4, 1e-9);
  EXPECT_NEAR(lo, -2, 1e-9);
  for (std::size_t i = 0; i + 100 < v.size(); ++i) EXPECT_NEAR(v[i], v[i + 100], 1e-9);  // period = 100 ticks
  EXPECT_NEAR(v[0], 1, 1e-9);   // t0 is a whole number of periods after the epoch, phase 0
  EXPECT_NEAR(v[25], 4, 1e-9);  // a quarter period later, the crest
}

TEST(GenericSignal, SquareAlternatesBetweenItsLevelsWithItsDuty) {
  auto spec = spec_of(generic_kind::square, 0, 5);
  spec.low = 1;
  spec.high = 4;
  spec.period = std::chrono::seconds(2);
  spec.duty = 0.25;
  const auto v = run(spec, 10, 200);
  int high = 0;
  for (const double x : v) {
    ASSERT_TRUE(x == 1 || x == 4) << x;
    high += x == 4 ? 1 : 0;
  }
  EXPECT_EQ(high, 50);
  EXPECT_EQ(v[0], 4);
  EXPECT_EQ(v[4], 4);
  EXPECT_EQ(v[5], 1);
  EXPECT_EQ(v[20], 4);
}

TEST(GenericSignal, RandomWalkStepsAreBoundedAndStayInRange) {
  auto spec = spec_of(generic_kind::random_walk, 0, 10);
  spec.step = 0.5;
  spec.start = 9.8;  // near the top, so the reflection is exercised
  const auto v = run(spec, 100, 20'000);
  EXPECT_EQ(v[0], 9.8);
  double travelled = 0;
  for (std::size_t i = 1; i < v.size(); ++i) {
    ASSERT_LE(std::abs(v[i] - v[i - 1]), 0.5 + 1e-12);
    ASSERT_GE(v[i], 0);
    ASSERT_LE(v[i], 10);
    travelled += std::abs(v[i] - v[i - 1]);
  }
  EXPECT_NEAR(travelled / static_cast<double>(v.size() - 1), 0.25, 0.01);  // mean |U(-0.5, 0.5)|
  EXPECT_EQ(run(spec, 100, 500), run(spec, 100, 500));
  EXPECT_NE(run(spec, 100, 500, 1), run(spec, 100, 500, 2));
}

TEST(GenericSignal, UniformNoiseCoversItsRangeWithTheRightMoments) {
  auto spec = spec_of(generic_kind::uniform, 0, 10);
  spec.low = 2;
  spec.high = 8;
  const auto v = run(spec, 1000, 100'000);
  for (const double x : v) {
    ASSERT_GE(x, 2);
    ASSERT_LE(x, 8);
  }
  const auto m = moments_of(v);
  EXPECT_NEAR(m.mean, 5, 0.03);
  EXPECT_NEAR(m.stddev, 6 / std::sqrt(12.0), 0.02);
}

TEST(GenericSignal, GaussianNoiseHasItsMeanAndStddev) {
  auto spec = spec_of(generic_kind::gaussian, 0, 100);
  spec.mean = 50;
  spec.stddev = 2;
  const auto v = run(spec, 1000, 100'000);
  const auto m = moments_of(v);
  EXPECT_NEAR(m.mean, 50, 0.03);
  EXPECT_NEAR(m.stddev, 2, 0.03);
  EXPECT_EQ(run(spec, 10, 100, 4), run(spec, 10, 100, 4));
  EXPECT_NE(run(spec, 10, 100, 4), run(spec, 10, 100, 5));
}

TEST(GenericSignal, GaussianIsClampedToItsRange) {
  auto spec = spec_of(generic_kind::gaussian, 0, 1);
  spec.mean = 0.5;
  spec.stddev = 5;
  for (const double x : run(spec, 100, 1000)) {
    ASSERT_GE(x, 0);
    ASSERT_LE(x, 1);
  }
}

}  // namespace
}  // namespace telemetry::producer
