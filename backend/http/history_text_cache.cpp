#include "http/history_text_cache.hpp"

namespace telemetry::http {

std::shared_ptr<const std::string> history_text_cache::find(const std::string& series, timestamp_ms start,
                                                            const run_shape& shape) {
  std::lock_guard lock(mutex_);
  const auto found = index_.find(run_id{series, start});
  if (found == index_.end() || found->second->shape != shape) {
    ++counters_.misses;
    return nullptr;
  }
  recent_.splice(recent_.begin(), recent_, found->second);
  ++counters_.hits;
  return found->second->text;
}

void history_text_cache::keep(const std::string& series, timestamp_ms start, const run_shape& shape,
                              std::shared_ptr<const std::string> text) {
  const auto size = text->size() + series.size() + sizeof(entry);
  if (size > max_bytes_) return;
  std::lock_guard lock(mutex_);
  run_id id{series, start};
  if (const auto found = index_.find(id); found != index_.end()) drop(found->second);  // a stale shape
  recent_.push_front(entry{id, shape, std::move(text), size});
  index_.emplace(std::move(id), recent_.begin());
  counters_.bytes += size;
  ++counters_.entries;
  while (counters_.bytes > max_bytes_) drop(std::prev(recent_.end()));
}

void history_text_cache::drop(std::list<entry>::iterator it) {
  counters_.bytes -= it->bytes;
  --counters_.entries;
  index_.erase(it->id);
  recent_.erase(it);
}

history_text_cache::counters history_text_cache::snapshot() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

}  // namespace telemetry::http
