#pragma once
// The backend's MQTT session: subscribes to telemetry/# at QoS 1 with a fixed client id and
// a persistent session (clean session off), so the broker queues what arrives while the
// backend is down. Reconnects by itself and subscribes again on every connection. Messages
// go to the handler on Paho's callback thread; Paho acknowledges a message when the handler
// returns, so the handler must have made the message safe by then.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace mqtt {
class async_client;
class iaction_listener;
}  // namespace mqtt

namespace telemetry::ingest {

struct mqtt_options {
  std::string broker_uri = "tcp://127.0.0.1:1883";
  std::string client_id = "telemetry-backend";
  std::string topic_filter = "telemetry/#";
  int qos = 1;
};

class mqtt_subscriber {
 public:
  using handler = std::function<void(std::string_view topic, std::string_view payload)>;

  mqtt_subscriber(mqtt_options options, handler on_message);
  ~mqtt_subscriber();
  mqtt_subscriber(const mqtt_subscriber&) = delete;
  mqtt_subscriber& operator=(const mqtt_subscriber&) = delete;

  // Connects in the background, retrying until connected or stopped.
  void start();
  // Disconnects; the broker keeps the session and queues further messages.
  void stop();

  // Connected and subscribed: from here on the broker keeps this session's messages.
  [[nodiscard]] bool connected() const noexcept { return connected_.load() && subscribed_.load(); }
  [[nodiscard]] std::uint64_t reconnects() const noexcept { return reconnects_.load(); }

 private:
  void connect_loop();

  mqtt_options options_;
  handler on_message_;
  std::unique_ptr<mqtt::iaction_listener> on_subscribed_;  // outlives client_, which calls it
  std::unique_ptr<mqtt::async_client> client_;
  std::atomic<bool> connected_{false};
  std::atomic<bool> subscribed_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> reconnects_{0};
  std::thread connector_;
};

}  // namespace telemetry::ingest
