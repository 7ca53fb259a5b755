#pragma once
// The recent live batches by sequence number, so a client that reconnects with
// Last-Event-ID gets exactly what it missed. Bounded by count and by age.
//
// Sequence numbers start at the wall-clock time in microseconds when the backend starts, so
// they keep increasing across restarts; a resume point from before this process started,
// or older than what the buffer still holds, cannot be served gaplessly and gets a reset.
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "live/live_batch.hpp"

namespace telemetry::live {

class replay_buffer {
 public:
  replay_buffer(std::size_t max_batches, std::chrono::milliseconds max_age, std::uint64_t first_seq);

  // Assigns the next sequence number to `batch` and keeps it.
  live_batch_ptr push(live_batch batch);

  enum class resume { ok, reset };
  // Appends to `out` every held batch with seq > after.
  resume since(std::uint64_t after, std::vector<live_batch_ptr>& out) const;

  // The last sequence number assigned (first_seq - 1 before any).
  [[nodiscard]] std::uint64_t last_seq() const;
  [[nodiscard]] std::size_t size() const;

 private:
  void evict(timestamp_ms now);

  std::size_t max_batches_;
  std::chrono::milliseconds max_age_;
  std::uint64_t first_seq_;
  mutable std::mutex mutex_;
  std::uint64_t next_seq_;
  std::uint64_t evicted_through_;  // every seq <= this is gone
  std::deque<live_batch_ptr> batches_;
};

}  // namespace telemetry::live
