#include "counter_noise.hpp"

#include <cmath>
#include <numbers>

namespace telemetry::producer {
namespace {

constexpr std::uint64_t splitmix(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

// 53 random bits mapped to the centre of their bucket, so 0 and 1 are never returned.
double to_open_unit(std::uint64_t bits) noexcept {
  return (static_cast<double>(bits >> 11U) + 0.5) * 0x1.0p-53;
}

}  // namespace

std::uint64_t noise_hash(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) noexcept {
  return splitmix(splitmix(splitmix(seed) ^ stream) ^ counter);
}

double uniform_noise(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) noexcept {
  return to_open_unit(noise_hash(seed, stream, counter));
}

double gaussian_noise(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) noexcept {
  const std::uint64_t h = noise_hash(seed, stream, counter);
  const double u1 = to_open_unit(h);
  const double u2 = to_open_unit(splitmix(h));
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace telemetry::producer
