#pragma once
// The live fan-out. Batches live in the shared replay buffer; the broadcaster only wakes the
// stream sessions when something new arrives. It snapshots the subscribers under its lock
// and wakes them outside it, and a wake is one atomic flag per session, so a slow or stalled
// client costs the others nothing.
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace telemetry::http {

// What the broadcaster needs of a session.
class stream_subscriber {
 public:
  virtual ~stream_subscriber() = default;
  // Called from any thread; must be cheap and must not block.
  virtual void wake() = 0;
};

class broadcaster {
 public:
  explicit broadcaster(std::size_t max_clients) : max_clients_(max_clients) {}

  // Registers a session; false when the connection cap is reached.
  bool join(const std::shared_ptr<stream_subscriber>& subscriber);
  void leave(const stream_subscriber* subscriber);

  // New data (a batch or a series): wake every session.
  void wake_all();

  [[nodiscard]] std::size_t clients() const;
  [[nodiscard]] std::uint64_t refused() const noexcept { return refused_.load(); }

 private:
  std::size_t max_clients_;
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<stream_subscriber>> subscribers_;
  std::vector<std::shared_ptr<stream_subscriber>> snapshot_;  // reused by wake_all
  std::mutex wake_mutex_;
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace telemetry::http
