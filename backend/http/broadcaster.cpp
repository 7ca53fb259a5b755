#include "http/broadcaster.hpp"

#include <algorithm>

namespace telemetry::http {

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

void broadcaster::wake_all() {
  std::lock_guard wake_lock(wake_mutex_);
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

std::size_t broadcaster::clients() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

}  // namespace telemetry::http
