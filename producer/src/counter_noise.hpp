#pragma once
// Counter-based random numbers: every draw is a pure function of (seed, stream, counter), so
// the noise of a sample depends only on its series and timestamp, never on what was computed
// before. Any tick can be recomputed alone, runs are reproducible, and tests need no state.
#include <cstdint>

namespace telemetry::producer {

// A well-mixed 64-bit hash of the three inputs (SplitMix64 finaliser, applied per input).
[[nodiscard]] std::uint64_t noise_hash(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) noexcept;

// Uniform in the open interval (0, 1).
[[nodiscard]] double uniform_noise(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) noexcept;

// Standard normal (mean 0, stddev 1), by Box-Muller from two independent uniforms.
[[nodiscard]] double gaussian_noise(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) noexcept;

}  // namespace telemetry::producer
