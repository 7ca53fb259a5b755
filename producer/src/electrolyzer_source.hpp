#pragma once
// The five electrolyzer series of design.md as signal sources over one shared model.
#include <memory>
#include <vector>

#include "electrolyzer_model.hpp"
#include "signal_source.hpp"

namespace telemetry::producer {

class electrolyzer_source final : public signal_source {
 public:
  electrolyzer_source(electrolyzer_model model, electrolyzer_signal signal, tick_grid grid);
  [[nodiscard]] double value(std::int64_t k, timestamp_ms ts) override;

 private:
  electrolyzer_model model_;
  electrolyzer_signal signal_;
};

// power_input, water_flow, temperature, h2_production, efficiency, in that order.
[[nodiscard]] std::vector<std::unique_ptr<signal_source>> make_electrolyzer_sources(std::uint64_t seed, tick_grid grid);

}  // namespace telemetry::producer
