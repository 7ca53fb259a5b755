#include "counter_noise.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace telemetry::producer {
namespace {

TEST(CounterNoise, IsAPureFunctionOfItsInputs) {
  EXPECT_EQ(noise_hash(1, 2, 3), noise_hash(1, 2, 3));
  EXPECT_NE(noise_hash(1, 2, 3), noise_hash(2, 2, 3));
  EXPECT_NE(noise_hash(1, 2, 3), noise_hash(1, 3, 3));
  EXPECT_NE(noise_hash(1, 2, 3), noise_hash(1, 2, 4));
  EXPECT_EQ(gaussian_noise(7, 0, 1764857000100), gaussian_noise(7, 0, 1764857000100));
}

TEST(CounterNoise, UniformIsInTheOpenUnitIntervalWithMeanOneHalf) {
  constexpr int n = 200'000;
  double sum = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const double u = uniform_noise(42, 1, i);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
}

TEST(CounterNoise, GaussianHasUnitVariance) {
  constexpr int n = 200'000;
  double sum = 0;
  double squares = 0;
  int beyond_three_sigma = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const double g = gaussian_noise(42, 2, 1764857000000 + 100 * i);
    sum += g;
    squares += g * g;
    beyond_three_sigma += std::abs(g) > 3 ? 1 : 0;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.0, 0.01);
  EXPECT_NEAR(std::sqrt(squares / n - mean * mean), 1.0, 0.01);
  EXPECT_NEAR(beyond_three_sigma / static_cast<double>(n), 0.0027, 0.001);
}

}  // namespace
}  // namespace telemetry::producer
