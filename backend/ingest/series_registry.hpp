#pragma once
// Every series the backend knows: its metadata and its latest sample. A series appears on
// its first sample or its retained metadata, whichever comes first.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "telemetry/common/series_id.hpp"
#include "telemetry/common/series_meta.hpp"

namespace telemetry::ingest {

struct series_info {
  series_id id;
  series_meta meta;
  std::optional<store::point> last;
};

class series_registry {
 public:
  // Returns true when the series is new.
  bool update_meta(const series_id& id, const series_meta& meta);
  // Records the latest point (by ts); returns true when the series is new.
  bool observe(const series_id& id, const store::point& latest);

  [[nodiscard]] std::vector<series_info> snapshot() const;
  [[nodiscard]] std::optional<series_info> find(const std::string& key) const;
  [[nodiscard]] bool contains(const std::string& key) const;
  [[nodiscard]] std::size_t size() const;

 private:
  series_info& entry(const series_id& id, bool& created);

  mutable std::mutex mutex_;
  std::map<std::string, series_info, std::less<>> series_;
};

}  // namespace telemetry::ingest
