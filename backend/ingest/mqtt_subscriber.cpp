#include "ingest/mqtt_subscriber.hpp"

#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace telemetry::ingest {
namespace {

// Readiness waits for the SUBACK, not just the CONNACK: on a first start, a message
// published in between would not be kept for this session.
class subscribe_listener : public mqtt::iaction_listener {
 public:
  explicit subscribe_listener(std::atomic<bool>& subscribed) : subscribed_(subscribed) {}
  void on_success(const mqtt::token&) override { subscribed_ = true; }
  void on_failure(const mqtt::token& token) override {
    spdlog::error("mqtt: subscribe failed (reason code {})", static_cast<int>(token.get_reason_code()));
  }

 private:
  std::atomic<bool>& subscribed_;
};

}  // namespace

mqtt_subscriber::mqtt_subscriber(mqtt_options options, handler on_message)
    : options_(std::move(options)),
      on_message_(std::move(on_message)),
      on_subscribed_(std::make_unique<subscribe_listener>(subscribed_)),
      client_(std::make_unique<mqtt::async_client>(options_.broker_uri, options_.client_id,
                                                   mqtt::create_options(MQTTVERSION_3_1_1))) {
  client_->set_message_callback([this](mqtt::const_message_ptr message) {
    // Never let an exception escape into Paho: it would drop the connection.
    try {
      const auto& payload = message->get_payload_ref();
      on_message_(message->get_topic(), std::string_view(payload.data(), payload.size()));
    } catch (...) {
      spdlog::error("mqtt: message handler failed on '{}'", message->get_topic());
    }
  });
  client_->set_connected_handler([this](const std::string&) {
    connected_ = true;
    reconnects_.fetch_add(1);
    try {
      client_->subscribe(options_.topic_filter, options_.qos, nullptr, *on_subscribed_);
      spdlog::info("mqtt: connected to {}, subscribed to {}", options_.broker_uri, options_.topic_filter);
    } catch (const mqtt::exception& e) {
      spdlog::error("mqtt: subscribe failed: {}", e.what());
    }
  });
  client_->set_connection_lost_handler([this](const std::string& cause) {
    connected_ = false;
    subscribed_ = false;
    if (!stopping_) spdlog::warn("mqtt: connection lost ({}), reconnecting", cause.empty() ? "no reason" : cause);
  });
}

mqtt_subscriber::~mqtt_subscriber() {
  stop();
}

void mqtt_subscriber::start() {
  connector_ = std::thread([this] { connect_loop(); });
}

void mqtt_subscriber::connect_loop() {
  auto options = mqtt::connect_options_builder()
                     .clean_session(false)
                     .keep_alive_interval(std::chrono::seconds(20))
                     .automatic_reconnect(std::chrono::milliseconds(250), std::chrono::seconds(5))
                     .connect_timeout(std::chrono::seconds(5))
                     .finalize();
  bool warned = false;
  while (!stopping_) {
    try {
      client_->connect(options)->wait();
      return;  // from here Paho's automatic reconnect takes over
    } catch (const mqtt::exception& e) {
      if (!warned) spdlog::warn("mqtt: cannot reach {} ({}); retrying", options_.broker_uri, e.what());
      warned = true;
    }
    for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void mqtt_subscriber::stop() {
  if (stopping_.exchange(true)) return;
  if (connector_.joinable()) connector_.join();
  try {
    if (client_->is_connected()) client_->disconnect(std::chrono::seconds(5))->wait();
  } catch (const mqtt::exception& e) {
    spdlog::warn("mqtt: disconnect: {}", e.what());
  }
  connected_ = false;
}

}  // namespace telemetry::ingest
