#include "ingest/series_registry.hpp"

namespace telemetry::ingest {

series_info& series_registry::entry(const series_id& id, bool& created) {
  auto [it, inserted] = series_.try_emplace(id.str());
  if (inserted) it->second.id = id;
  created = inserted;
  return it->second;
}

bool series_registry::update_meta(const series_id& id, const series_meta& meta) {
  std::lock_guard lock(mutex_);
  bool created = false;
  entry(id, created).meta = meta;
  return created;
}

bool series_registry::observe(const series_id& id, const store::point& latest) {
  std::lock_guard lock(mutex_);
  bool created = false;
  auto& info = entry(id, created);
  if (!info.last || info.last->ts < latest.ts) info.last = latest;
  return created;
}

std::vector<series_info> series_registry::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<series_info> out;
  out.reserve(series_.size());
  for (const auto& [key, info] : series_) out.push_back(info);
  return out;
}

std::optional<series_info> series_registry::find(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto found = series_.find(key);
  if (found == series_.end()) return std::nullopt;
  return found->second;
}

bool series_registry::contains(const std::string& key) const {
  std::lock_guard lock(mutex_);
  return series_.contains(key);
}

std::size_t series_registry::size() const {
  std::lock_guard lock(mutex_);
  return series_.size();
}

}  // namespace telemetry::ingest
