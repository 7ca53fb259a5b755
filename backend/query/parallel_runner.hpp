#pragma once
// Runs the independent parts of one request (the series of a chart, or slices of one series'
// pixel columns) on the calling thread and a few workers at once, so a single large query
// uses every core. The caller always works too, so a busy pool never stalls a request.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace telemetry::query {

class parallel_runner {
 public:
  // `workers` threads beside the callers; 0 runs every part on the calling thread.
  explicit parallel_runner(std::size_t workers);
  ~parallel_runner();
  parallel_runner(const parallel_runner&) = delete;
  parallel_runner& operator=(const parallel_runner&) = delete;

  // How many parts run at once at most: the workers and the caller.
  [[nodiscard]] std::size_t threads() const noexcept { return workers_.size() + 1; }

  // Calls part(i) for every i in [0, count) and returns once all have returned. The first
  // exception a part throws is thrown here, after the others finished.
  void run(std::size_t count, const std::function<void(std::size_t)>& part);

 private:
  struct job {
    job(const std::function<void(std::size_t)>& part_of, std::size_t parts) : part(part_of), count(parts) {}
    const std::function<void(std::size_t)>& part;
    const std::size_t count;
    std::atomic<std::size_t> next{0};
    std::size_t done = 0;      // guarded by mutex_
    std::exception_ptr error;  // guarded by mutex_
  };

  void work();
  void take_parts(job& j);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<std::shared_ptr<job>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace telemetry::query
