#include "query/parallel_runner.hpp"

namespace telemetry::query {

parallel_runner::parallel_runner(std::size_t workers) {
  workers_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

parallel_runner::~parallel_runner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void parallel_runner::run(std::size_t count, const std::function<void(std::size_t)>& part) {
  if (count == 0) return;
  // A job is shared: a worker may still hold it (finding nothing left to take) after run()
  // has returned.
  const auto j = std::make_shared<job>(part, count);
  if (count > 1 && !workers_.empty()) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(j);
    }
    wake_.notify_all();
  }
  take_parts(*j);
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [&] { return j->done == j->count; });
  if (j->error) std::rethrow_exception(j->error);
}

void parallel_runner::take_parts(job& j) {
  for (;;) {
    const auto i = j.next.fetch_add(1, std::memory_order_relaxed);
    if (i >= j.count) return;
    std::exception_ptr error;
    try {
      j.part(i);
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    if (error && !j.error) j.error = error;
    if (++j.done == j.count) finished_.notify_all();
  }
}

void parallel_runner::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping
    const auto j = queue_.front();
    if (j->next.load(std::memory_order_relaxed) >= j->count) {
      queue_.pop_front();  // every part taken
      continue;
    }
    lock.unlock();
    take_parts(*j);
    lock.lock();
  }
}

}  // namespace telemetry::query
