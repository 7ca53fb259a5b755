#include "ingest/reject_counters.hpp"

#include <spdlog/spdlog.h>

namespace telemetry::ingest {

std::string_view to_string(reject_reason reason) noexcept {
  switch (reason) {
    case reject_reason::bad_topic: return "bad_topic";
    case reject_reason::too_large: return "too_large";
    case reject_reason::bad_utf8: return "bad_utf8";
    case reject_reason::bad_json: return "bad_json";
    case reject_reason::bad_shape: return "bad_shape";
    case reject_reason::missing_field: return "missing_field";
    case reject_reason::bad_ts: return "bad_ts";
    case reject_reason::bad_value: return "bad_value";
    case reject_reason::bad_seq: return "bad_seq";
    case reject_reason::ts_out_of_window: return "ts_out_of_window";
    case reject_reason::count_: break;
  }
  return "unknown";
}

void reject_counters::reject(reject_reason reason, std::string_view topic, std::string_view detail) {
  const auto index = static_cast<std::size_t>(reason);
  const auto suppressed = counts_[index].fetch_add(1, std::memory_order_relaxed);
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count();
  auto last = last_logged_[index].load(std::memory_order_relaxed);
  if ((last == 0 || now - last >= log_interval_.count()) &&
      last_logged_[index].compare_exchange_strong(last, now, std::memory_order_relaxed)) {
    spdlog::warn("ingest: rejected message on '{}': {} ({}); {} rejected for this reason so far", topic.substr(0, 200),
                 to_string(reason), detail.substr(0, 200), suppressed + 1);
  }
}

std::uint64_t reject_counters::total() const noexcept {
  std::uint64_t sum = 0;
  for (const auto& c : counts_) sum += c.load(std::memory_order_relaxed);
  return sum;
}

}  // namespace telemetry::ingest
