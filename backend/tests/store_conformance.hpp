#pragma once
// The behaviour every store implementation must share (see store/store.hpp). An
// implementation's test file instantiates it with a factory that makes an empty store:
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(store_factory{...}));
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace telemetry::store::testing {

struct store_factory {
  std::string name;
  // Makes an empty store; called once per test.
  std::function<std::unique_ptr<store>()> make;
};

inline void PrintTo(const store_factory& factory, std::ostream* os) {
  *os << factory.name;
}

class StoreConformance : public ::testing::TestWithParam<store_factory> {
 protected:
  void SetUp() override { store_ = GetParam().make(); }

  std::vector<point> read(const std::string& series, timestamp_ms from, timestamp_ms to, std::size_t limit = 0) {
    std::vector<point> out;
    const auto result = store_->scan({series, from, to, limit}, [&](const point& p) {
      out.push_back(p);
      return true;
    });
    EXPECT_TRUE(result.ok()) << result.error;
    return out;
  }

  std::unique_ptr<store> store_;
};

}  // namespace telemetry::store::testing
