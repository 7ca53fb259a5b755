#pragma once
// The live fan-out. Batches live in the shared replay buffer; the broadcaster only wakes the
// stream sessions when something new arrived. With coalescing, wakes happen on one shared
// tick (every `coalesce`), so every client gets at most one event per tick however fast the
// signals are, and no session needs a timer of its own. Wake-ups snapshot the subscribers
// under the lock and flip one atomic flag per waiting session outside it, so a slow or
// stalled client costs the others nothing.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
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
  broadcaster(std::size_t max_clients, std::chrono::milliseconds coalesce);
  ~broadcaster();
  broadcaster(const broadcaster&) = delete;
  broadcaster& operator=(const broadcaster&) = delete;

  // Registers a session; false when the connection cap is reached.
  bool join(const std::shared_ptr<stream_subscriber>& subscriber);
  void leave(const stream_subscriber* subscriber);

  // New data (a batch or a series): wakes the sessions now, or at the next tick.
  void notify();

  // The encoded event for the batches after `after` up to `last`, built once and shared by
  // every session at that position (most are, after a tick), so 10,000 clients cost one
  // encoding, not 10,000.
  std::shared_ptr<const std::string> shared_event(std::uint64_t after, std::uint64_t last,
                                                  const std::function<std::string()>& encode);

  // Increases with every wake-up; a session that saw the same tick has nothing new.
  [[nodiscard]] std::uint64_t tick() const noexcept { return tick_.load(); }
  [[nodiscard]] std::size_t clients() const;
  [[nodiscard]] std::uint64_t refused() const noexcept { return refused_.load(); }

 private:
  void wake_all();
  void run_ticker();

  std::size_t max_clients_;
  std::chrono::milliseconds coalesce_;
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<stream_subscriber>> subscribers_;
  std::vector<std::shared_ptr<stream_subscriber>> snapshot_;  // reused by wake_all
  std::mutex wake_mutex_;
  std::atomic<std::uint64_t> tick_{0};
  std::atomic<bool> pending_{false};
  std::atomic<std::uint64_t> refused_{0};

  std::mutex event_mutex_;
  std::uint64_t event_after_ = 0;
  std::uint64_t event_last_ = 0;
  std::shared_ptr<const std::string> event_;

  std::mutex ticker_mutex_;
  std::condition_variable ticker_wake_;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace telemetry::http
