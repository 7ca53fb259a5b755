#include "electrolyzer_source.hpp"

#include <gtest/gtest.h>

namespace telemetry::producer {
namespace {

TEST(ElectrolyzerSource, FiveSeriesWithDesignMetadata) {
  const auto sources = make_electrolyzer_sources(1, *tick_grid::from_hz(10));
  ASSERT_EQ(sources.size(), 5U);
  EXPECT_EQ(sources[0]->id(), "power_input");
  EXPECT_EQ(sources[0]->meta().name, "Power Input");
  EXPECT_EQ(sources[0]->meta().unit, "kW");
  EXPECT_EQ(sources[0]->meta().min, 0.0);
  EXPECT_EQ(sources[0]->meta().max, 1200.0);
  EXPECT_EQ(sources[4]->id(), "efficiency");
  for (const auto& s : sources) {
    EXPECT_EQ(s->grid().rate_millihertz(), 10'000);
    EXPECT_FALSE(s->meta().description.empty());
  }
}

TEST(ElectrolyzerSource, ValueIsTheModelMeasurementAtTheTimestamp) {
  auto sources = make_electrolyzer_sources(5, *tick_grid::from_hz(10));
  const electrolyzer_model model(5);
  const timestamp_ms ts = 1764857000100;
  EXPECT_EQ(sources[2]->value(ts / 100, ts), model.measured(electrolyzer_signal::temperature, ts));
  // Order of evaluation does not matter: no state is kept.
  const double later = sources[2]->value(ts / 100 + 10, ts + 1000);
  EXPECT_EQ(sources[2]->value(ts / 100, ts), model.measured(electrolyzer_signal::temperature, ts));
  EXPECT_EQ(later, model.measured(electrolyzer_signal::temperature, ts + 1000));
}

}  // namespace
}  // namespace telemetry::producer
