#pragma once
// Rejected MQTT messages, counted by reason and logged at most once per interval per
// reason, so a flood of bad input cannot flood the log.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string_view>

namespace telemetry::ingest {

enum class reject_reason : std::uint8_t {
  bad_topic,
  too_large,
  bad_utf8,
  bad_json,
  bad_shape,
  missing_field,
  bad_ts,
  bad_value,
  bad_seq,
  ts_out_of_window,
  count_  // not a reason
};

inline constexpr std::size_t reject_reason_count = static_cast<std::size_t>(reject_reason::count_);

[[nodiscard]] std::string_view to_string(reject_reason reason) noexcept;

class reject_counters {
 public:
  explicit reject_counters(std::chrono::milliseconds log_interval = std::chrono::seconds(10))
      : log_interval_(log_interval) {}

  // Counts one rejected message and logs it unless this reason was logged recently.
  void reject(reject_reason reason, std::string_view topic, std::string_view detail);

  [[nodiscard]] std::uint64_t count(reject_reason reason) const noexcept {
    return counts_[static_cast<std::size_t>(reason)].load(std::memory_order_relaxed);
  }
  [[nodiscard]] std::uint64_t total() const noexcept;

 private:
  std::chrono::milliseconds log_interval_;
  std::array<std::atomic<std::uint64_t>, reject_reason_count> counts_{};
  std::array<std::atomic<std::int64_t>, reject_reason_count> last_logged_{};
};

}  // namespace telemetry::ingest
