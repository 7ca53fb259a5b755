#include "http/broadcaster.hpp"

#include <algorithm>

namespace telemetry::http {

broadcaster::broadcaster(std::size_t max_clients, std::chrono::milliseconds coalesce)
    : max_clients_(max_clients), coalesce_(coalesce) {
  if (coalesce_.count() > 0) ticker_ = std::thread([this] { run_ticker(); });
}

broadcaster::~broadcaster() {
  {
    std::lock_guard lock(ticker_mutex_);
    stopping_ = true;
  }
  ticker_wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

bool broadcaster::join(const std::shared_ptr<stream_subscriber>& subscriber) {
  std::lock_guard lock(mutex_);
  if (subscribers_.size() >= max_clients_) {
    refused_.fetch_add(1);
    return false;
  }
  subscribers_.push_back(subscriber);
  return true;
}

void broadcaster::leave(const stream_subscriber* subscriber) {
  std::lock_guard lock(mutex_);
  std::erase_if(subscribers_, [&](const std::weak_ptr<stream_subscriber>& weak) {
    const auto alive = weak.lock();
    return !alive || alive.get() == subscriber;
  });
}

void broadcaster::notify() {
  if (coalesce_.count() == 0) {
    wake_all();
  } else {
    pending_.store(true, std::memory_order_release);
  }
}

void broadcaster::run_ticker() {
  std::unique_lock lock(ticker_mutex_);
  while (!stopping_) {
    ticker_wake_.wait_for(lock, coalesce_);
    if (pending_.exchange(false, std::memory_order_acq_rel)) {
      lock.unlock();
      wake_all();
      lock.lock();
    }
  }
}

void broadcaster::wake_all() {
  std::lock_guard wake_lock(wake_mutex_);
  // The tick moves before any session is woken, so one that checks it after arming either
  // sees the new tick or gets the wake.
  tick_.fetch_add(1);
  snapshot_.clear();
  {
    std::lock_guard lock(mutex_);
    for (const auto& weak : subscribers_) {
      if (auto alive = weak.lock()) snapshot_.push_back(std::move(alive));
    }
  }
  for (const auto& subscriber : snapshot_) subscriber->wake();
  snapshot_.clear();
}

std::shared_ptr<const std::string> broadcaster::shared_event(std::uint64_t after, std::uint64_t last,
                                                             const std::function<std::string()>& encode) {
  std::lock_guard lock(event_mutex_);
  if (!event_ || event_after_ != after || event_last_ != last) {
    event_ = std::make_shared<const std::string>(encode());
    event_after_ = after;
    event_last_ = last;
  }
  return event_;
}

std::size_t broadcaster::clients() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

}  // namespace telemetry::http
