#pragma once
// SIGINT and SIGTERM as ordinary events. The constructor blocks both in the calling thread, and
// every thread started afterwards (signal threads, Paho's threads) inherits the mask, so no
// handler ever runs at an arbitrary point; the main thread collects them with wait_for().
#include <chrono>
#include <optional>

#include <signal.h>

namespace telemetry::producer {

class termination_signals {
 public:
  termination_signals();
  // The signal number received within `timeout`, or nullopt.
  [[nodiscard]] std::optional<int> wait_for(std::chrono::milliseconds timeout);

 private:
  sigset_t set_{};
};

}  // namespace telemetry::producer
