#include "termination_signals.hpp"

#include <gtest/gtest.h>

#include <csignal>

namespace telemetry::producer {
namespace {

TEST(TerminationSignals, TimesOutWithoutASignal) {
  termination_signals signals;
  EXPECT_FALSE(signals.wait_for(std::chrono::milliseconds(20)).has_value());
}

TEST(TerminationSignals, CollectsSigtermInsteadOfDying) {
  termination_signals signals;
  ASSERT_EQ(::raise(SIGTERM), 0);
  EXPECT_EQ(signals.wait_for(std::chrono::seconds(1)), SIGTERM);
  ASSERT_EQ(::raise(SIGINT), 0);
  EXPECT_EQ(signals.wait_for(std::chrono::seconds(1)), SIGINT);
}

}  // namespace
}  // namespace telemetry::producer
