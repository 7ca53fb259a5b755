#pragma once
// The producer's one MQTT connection, shared by all signal threads (Paho's async_client is
// thread-safe). Samples go out at the configured QoS; while the broker is unreachable they are
// buffered in memory (up to max_buffered messages) and the client reconnects by itself, so an
// outage delays delivery instead of losing data. On every (re)connect the retained status
// "online" and the retained metadata are published again; the retained last will says
// "offline" if the process dies, and shutdown() says it explicitly.
//
// Each connection starts a clean session, and a sample message whose delivery fails (the
// connection dropped before the broker acknowledged it) is published again by this class.
// Paho's own resend of a persistent session's unacknowledged messages is not used: Paho C
// 1.3.12 can resend a message whose memory it has already freed after a reconnect, which the
// broker rejects as malformed, disconnecting the client on every reconnect from then on.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <mqtt/async_client.h>

#include "sample_sink.hpp"

namespace telemetry::producer {

struct mqtt_settings {
  std::string broker_uri = "tcp://127.0.0.1:1883";
  std::string client_id;
  std::string source;
  int qos = 1;
  int max_buffered = 1'000'000;
  std::chrono::milliseconds connect_timeout{5000};
};

struct retained_message {
  std::string topic;
  std::string payload;
};

class mqtt_publisher final : public sample_sink {
 public:
  // Throws std::runtime_error for a malformed broker URI.
  mqtt_publisher(mqtt_settings settings, std::vector<retained_message> metadata);
  ~mqtt_publisher() override;
  mqtt_publisher(const mqtt_publisher&) = delete;
  mqtt_publisher& operator=(const mqtt_publisher&) = delete;

  // Tries to connect until connect_timeout has passed; throws std::runtime_error then.
  void connect();

  void publish_samples(const std::string& topic, std::span<const sample> samples) noexcept override;

  // Publishes the offline status, waits up to `timeout` for every delivery, disconnects.
  // Returns the number of messages whose delivery was not confirmed.
  std::size_t shutdown(std::chrono::milliseconds timeout);

  struct counters {
    std::uint64_t messages = 0;
    std::uint64_t samples = 0;
    // Refused by the client (e.g. with the offline buffer full) or given up after
    // max_attempts failed deliveries.
    std::uint64_t failed = 0;
    std::uint64_t redelivered = 0;  // published again after a failed delivery
  };
  static constexpr std::uintptr_t max_attempts = 100;
  [[nodiscard]] counters stats() const noexcept;

 private:
  // Publishes a failed sample message again, counting its attempts in the token's context.
  class redelivery final : public mqtt::iaction_listener {
   public:
    explicit redelivery(mqtt_publisher& owner) : owner_(owner) {}
    void on_success(const mqtt::token&) override {}
    void on_failure(const mqtt::token& token) override { owner_.redeliver(token); }

   private:
    mqtt_publisher& owner_;
  };

  void publish_retained(const std::string& topic, const std::string& payload) noexcept;
  void on_connected();
  void redeliver(const mqtt::token& token) noexcept;
  void note_failure(const std::exception& error) noexcept;

  mqtt_settings settings_;
  std::vector<retained_message> metadata_;
  std::string status_topic_;
  redelivery redelivery_{*this};  // declared before the client, which calls it until destroyed
  mqtt::async_client client_;
  std::atomic<bool> shutting_down_{false};
  std::atomic<bool> closing_{false};  // disconnecting: failures are final
  std::atomic<std::uint64_t> messages_{0};
  std::atomic<std::uint64_t> samples_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> redelivered_{0};
  std::atomic<std::int64_t> last_failure_log_ms_{0};
};

}  // namespace telemetry::producer
