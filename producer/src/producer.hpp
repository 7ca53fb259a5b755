#pragma once
// The running producer: one thread per signal source, each with its own tick loop, all feeding
// one sink. The caller decides when to stop; threads end by themselves when end_ts is reached.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "signal_runner.hpp"
#include "signal_source.hpp"

namespace telemetry::producer {

class producer {
 public:
  producer(std::string source, std::vector<std::unique_ptr<signal_source>> signals, sample_sink& sink);
  ~producer();
  producer(const producer&) = delete;
  producer& operator=(const producer&) = delete;

  // Starts one thread per signal. `settings.batch`, backfill and the time bounds apply to all.
  void start(const runner_settings& settings);
  // True once every signal thread has returned (end_ts reached).
  [[nodiscard]] bool finished() const noexcept;
  // Stops the threads and waits for them; pending samples are handed to the sink first.
  void stop();

  [[nodiscard]] const std::vector<std::unique_ptr<signal_source>>& signals() const noexcept { return signals_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  std::string source_;
  std::vector<std::unique_ptr<signal_source>> signals_;
  sample_sink& sink_;
  std::vector<std::unique_ptr<signal_runner>> runners_;
  std::vector<std::jthread> threads_;
  std::atomic<std::size_t> running_{0};
};

}  // namespace telemetry::producer
