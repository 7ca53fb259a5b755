#pragma once
// A real Mosquitto broker for one test: own config on a free loopback port, persistence in
// a temporary folder the broker's user can write, stopped by pid.
#include <memory>
#include <string>

#include "telemetry/testing/child_process.hpp"

namespace telemetry::testing {

class mosquitto_broker {
 public:
  mosquitto_broker();
  ~mosquitto_broker();

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] pid_t pid() const noexcept { return process_ ? process_->pid() : -1; }
  void stop(int signal = 15);
  void start();  // starts again on the same port, keeping persisted state

 private:
  temp_dir dir_;
  int port_;
  std::unique_ptr<child_process> process_;
};

}  // namespace telemetry::testing
