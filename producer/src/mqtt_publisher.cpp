#include "mqtt_publisher.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "telemetry/common/payload_codec.hpp"
#include "telemetry/common/producer_status.hpp"
#include "telemetry/common/series_id.hpp"

namespace telemetry::producer {
namespace {

std::string status_payload(producer_state state) {
  return encode_status(producer_status{state, wall_clock_ms()});
}

mqtt::create_options create_options_for(const mqtt_settings& settings) {
  mqtt::create_options options(MQTTVERSION_3_1_1);
  // Accept publishes while disconnected (after the first connect), in memory, oldest kept.
  options.set_send_while_disconnected(true, false);
  options.set_max_buffered_messages(settings.max_buffered);
  options.set_delete_oldest_messages(false);
  return options;
}

mqtt::async_client make_client(const mqtt_settings& settings) {
  try {
    return mqtt::async_client(settings.broker_uri, settings.client_id, create_options_for(settings));
  } catch (const mqtt::exception& e) {
    throw std::runtime_error(fmt::format("bad broker address '{}': {}", settings.broker_uri, e.what()));
  }
}

}  // namespace

mqtt_publisher::mqtt_publisher(mqtt_settings settings, std::vector<retained_message> metadata)
    : settings_(std::move(settings)),
      metadata_(std::move(metadata)),
      status_topic_(status_topic(settings_.source)),
      client_(make_client(settings_)) {
  client_.set_connected_handler([this](const std::string&) { on_connected(); });
  client_.set_connection_lost_handler([this](const std::string& cause) {
    spdlog::warn("connection to {} lost{}{}; buffering and reconnecting", settings_.broker_uri,
                 cause.empty() ? "" : ": ", cause);
  });
}

mqtt_publisher::~mqtt_publisher() {
  closing_ = true;
  try {
    if (client_.is_connected()) client_.disconnect(0)->wait_for(std::chrono::seconds(1));
  } catch (...) {  // never throw from a destructor; the process is going away anyway
  }
}

void mqtt_publisher::connect() {
  mqtt::connect_options options;
  options.set_mqtt_version(MQTTVERSION_3_1_1);
  // A clean session: what the broker had not acknowledged when a connection dropped fails
  // its token and is published again by redeliver() (see the header).
  options.set_clean_session(true);
  options.set_keep_alive_interval(std::chrono::seconds(10));
  options.set_automatic_reconnect(std::chrono::milliseconds(500), std::chrono::seconds(10));
  const auto connect_seconds =
      std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::seconds>(settings_.connect_timeout).count());
  options.set_connect_timeout(std::chrono::seconds(connect_seconds));
  options.set_will(mqtt::will_options(status_topic_, status_payload(producer_state::offline), 1, true));

  using std::chrono::steady_clock;
  const auto deadline = steady_clock::now() + settings_.connect_timeout;
  std::string last_error = "timed out";
  // A refused connection fails at once: retry until the deadline, so a broker that is still
  // starting is waited for, and a wrong address fails within a few seconds.
  while (steady_clock::now() < deadline) {
    try {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_clock::now());
      if (client_.connect(options)->wait_for(std::max(left, std::chrono::milliseconds(1)))) return;
      break;  // still connecting at the deadline
    } catch (const mqtt::exception& e) {
      last_error = e.what();
    }
    std::this_thread::sleep_until(std::min(deadline, steady_clock::now() + std::chrono::milliseconds(250)));
  }
  throw std::runtime_error(fmt::format("cannot connect to broker {} within {} ms: {}", settings_.broker_uri,
                                       settings_.connect_timeout.count(), last_error));
}

void mqtt_publisher::on_connected() {
  spdlog::info("connected to {}", settings_.broker_uri);
  if (shutting_down_) return;
  publish_retained(status_topic_, status_payload(producer_state::online));
  for (const auto& m : metadata_) publish_retained(m.topic, m.payload);
}

void mqtt_publisher::publish_retained(const std::string& topic, const std::string& payload) noexcept {
  try {
    client_.publish(topic, payload.data(), payload.size(), std::max(settings_.qos, 1), true);
  } catch (const std::exception& e) {
    note_failure(e);
  }
}

void mqtt_publisher::publish_samples(const std::string& topic, std::span<const sample> samples) noexcept {
  try {
    const std::string payload = encode_samples(samples);
    auto message = mqtt::make_message(topic, payload.data(), payload.size(), settings_.qos, false);
    if (settings_.qos > 0) {
      client_.publish(std::move(message), reinterpret_cast<void*>(std::uintptr_t{1}), redelivery_);
    } else {
      client_.publish(std::move(message));
    }
    messages_.fetch_add(1, std::memory_order_relaxed);
    samples_.fetch_add(samples.size(), std::memory_order_relaxed);
  } catch (const std::exception& e) {
    note_failure(e);
  }
}

// Runs on Paho's thread; Paho allows publishing from its callbacks.
void mqtt_publisher::redeliver(const mqtt::token& token) noexcept {
  if (closing_) return;
  try {
    const auto* delivery = dynamic_cast<const mqtt::delivery_token*>(&token);
    if (delivery == nullptr || !delivery->get_message()) return;
    const auto attempt = reinterpret_cast<std::uintptr_t>(token.get_user_context());
    if (attempt >= max_attempts) {
      note_failure(std::runtime_error(
          fmt::format("gave up on a message to {} after {} attempts", delivery->get_message()->get_topic(), attempt)));
      return;
    }
    client_.publish(delivery->get_message(), reinterpret_cast<void*>(attempt + 1), redelivery_);
    redelivered_.fetch_add(1, std::memory_order_relaxed);
  } catch (const std::exception& e) {
    note_failure(e);
  }
}

void mqtt_publisher::note_failure(const std::exception& error) noexcept {
  failed_.fetch_add(1, std::memory_order_relaxed);
  // At most one warning per second, so a full buffer cannot flood the log.
  const auto now = wall_clock_ms();
  auto last = last_failure_log_ms_.load();
  if (now - last >= 1000 && last_failure_log_ms_.compare_exchange_strong(last, now)) {
    spdlog::warn("publish refused ({} so far): {}", failed_.load(), error.what());
  }
}

std::size_t mqtt_publisher::shutdown(std::chrono::milliseconds timeout) {
  shutting_down_ = true;
  publish_retained(status_topic_, status_payload(producer_state::offline));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t pending = client_.get_pending_delivery_tokens().size();
  while (pending > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    pending = client_.get_pending_delivery_tokens().size();
  }
  closing_ = true;
  try {
    if (client_.is_connected()) client_.disconnect(1000)->wait_for(std::chrono::seconds(2));
  } catch (const mqtt::exception& e) {
    spdlog::warn("disconnect: {}", e.what());
  }
  return pending;
}

mqtt_publisher::counters mqtt_publisher::stats() const noexcept {
  return {messages_.load(), samples_.load(), failed_.load(), redelivered_.load()};
}

}  // namespace telemetry::producer
