#include "telemetry/testing/mosquitto_broker.hpp"

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <stdexcept>

namespace telemetry::testing {

mosquitto_broker::mosquitto_broker() : port_(free_port()) {
  // Run as root, mosquitto drops to its own user: the folder must be writable by it.
  ::chmod(dir_.path().c_str(), 0777);
  std::ofstream config(dir_.path() + "/mosquitto.conf");
  config << "listener " << port_ << " 127.0.0.1\n"
         << "allow_anonymous true\n"
         << "persistence true\n"
         << "persistence_location " << dir_.path() << "/\n"
         << "max_queued_messages 1000000\n"
         << "max_inflight_messages 1000\n"
         << "message_size_limit 1048576\n"
         << "log_dest stderr\n";
  config.close();
  start();
}

mosquitto_broker::~mosquitto_broker() {
  stop();
}

void mosquitto_broker::start() {
  process_ = std::make_unique<child_process>(
      std::vector<std::string>{"mosquitto", "-c", dir_.path() + "/mosquitto.conf"}, dir_.path() + "/mosquitto.log");
  if (!wait_for_port(port_, std::chrono::seconds(10))) {
    throw std::runtime_error("mosquitto did not start: " + process_->log());
  }
}

void mosquitto_broker::stop(int signal) {
  if (process_) process_->stop(signal);
  process_.reset();
}

}  // namespace telemetry::testing
