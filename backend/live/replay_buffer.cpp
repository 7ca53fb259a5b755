#include "live/replay_buffer.hpp"

#include <algorithm>

namespace telemetry::live {

replay_buffer::replay_buffer(std::size_t max_batches, std::chrono::milliseconds max_age, std::uint64_t first_seq)
    : max_batches_(std::max<std::size_t>(max_batches, 1)),
      max_age_(max_age),
      first_seq_(first_seq),
      next_seq_(first_seq),
      evicted_through_(first_seq - 1) {}

live_batch_ptr replay_buffer::push(live_batch batch) {
  std::lock_guard lock(mutex_);
  batch.seq = next_seq_++;
  auto shared = std::make_shared<const live_batch>(std::move(batch));
  batches_.push_back(shared);
  evict(shared->received_ms);
  return shared;
}

void replay_buffer::evict(timestamp_ms now) {
  const auto oldest = now - max_age_.count();
  while (!batches_.empty() && (batches_.size() > max_batches_ || batches_.front()->received_ms < oldest)) {
    evicted_through_ = batches_.front()->seq;
    batches_.pop_front();
  }
}

replay_buffer::resume replay_buffer::since(std::uint64_t after, std::vector<live_batch_ptr>& out) const {
  std::lock_guard lock(mutex_);
  // A point before this process started, or one whose successors were evicted, has a gap.
  if (after < evicted_through_ || after + 1 < first_seq_ || after >= next_seq_) return resume::reset;
  const auto first = std::upper_bound(batches_.begin(), batches_.end(), after,
                                      [](std::uint64_t seq, const live_batch_ptr& b) { return seq < b->seq; });
  out.insert(out.end(), first, batches_.end());
  return resume::ok;
}

std::uint64_t replay_buffer::last_seq() const {
  std::lock_guard lock(mutex_);
  return next_seq_ - 1;
}

std::size_t replay_buffer::size() const {
  std::lock_guard lock(mutex_);
  return batches_.size();
}

}  // namespace telemetry::live
