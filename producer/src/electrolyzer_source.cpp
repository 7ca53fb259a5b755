#include "electrolyzer_source.hpp"

namespace telemetry::producer {
namespace {

series_meta meta_of(const electrolyzer_signal_info& i) {
  return series_meta{std::string(i.name), std::string(i.unit), i.min, i.max, std::string(i.description)};
}

}  // namespace

electrolyzer_source::electrolyzer_source(electrolyzer_model model, electrolyzer_signal signal, tick_grid grid)
    : signal_source(std::string(info(signal).id), meta_of(info(signal)), grid), model_(model), signal_(signal) {}

double electrolyzer_source::value(std::int64_t /*k*/, timestamp_ms ts) {
  return model_.measured(signal_, ts);
}

std::vector<std::unique_ptr<signal_source>> make_electrolyzer_sources(std::uint64_t seed, tick_grid grid) {
  std::vector<std::unique_ptr<signal_source>> sources;
  for (const auto& i : electrolyzer_signals()) {
    sources.push_back(std::make_unique<electrolyzer_source>(electrolyzer_model(seed), i.signal, grid));
  }
  return sources;
}

}  // namespace telemetry::producer
