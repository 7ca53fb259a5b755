#pragma once
// Generic test signals added from a config file, each a function of its tick:
//   sine         offset + amplitude * sin(2 pi t / period + phase)
//   square       `high` for the first `duty` fraction of each period, `low` for the rest
//   random_walk  starts at `start`, moves by a uniform step in [-step, step] per tick and
//                reflects at [min, max]; the only kind whose value depends on where it started
//   uniform      uniform noise in [low, high]
//   gaussian     mean + stddev * N(0, 1), clamped to [min, max]
// Random draws are counter-based (seed, stream, k), so a run is reproducible.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "signal_source.hpp"

namespace telemetry::producer {

enum class generic_kind : std::uint8_t { sine, square, random_walk, uniform, gaussian };

[[nodiscard]] std::optional<generic_kind> parse_generic_kind(std::string_view text) noexcept;
[[nodiscard]] std::string_view to_string(generic_kind kind) noexcept;

struct generic_signal_spec {
  std::string id;
  generic_kind kind = generic_kind::sine;
  series_meta meta;                     // min and max are always set
  std::optional<double> rate_hz;        // the producer's --rate when absent
  double amplitude = 0;                 // sine
  double offset = 0;                    // sine
  double phase_deg = 0;                 // sine
  std::chrono::milliseconds period{0};  // sine, square
  double duty = 0.5;                    // square
  double low = 0;                       // square, uniform
  double high = 0;                      // square, uniform
  double step = 0;                      // random_walk
  double start = 0;                     // random_walk
  double mean = 0;                      // gaussian
  double stddev = 0;                    // gaussian
};

class generic_source final : public signal_source {
 public:
  // `stream` separates the noise of signals sharing a seed.
  generic_source(generic_signal_spec spec, tick_grid grid, std::uint64_t seed, std::uint64_t stream);
  [[nodiscard]] double value(std::int64_t k, timestamp_ms ts) override;

 private:
  generic_signal_spec spec_;
  std::uint64_t seed_;
  std::uint64_t stream_;
  std::optional<double> walk_;  // the random walk's last value
};

}  // namespace telemetry::producer
