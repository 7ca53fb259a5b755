#include "store/store_url.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "store/sqlite_store.hpp"
#if __has_include("store/mongo_store.hpp")
#include "store/mongo_store.hpp"
#define TELEMETRY_HAS_MONGO_STORE 1
#endif

namespace telemetry::store {

std::string sqlite_path(const std::string& url) {
  constexpr std::string_view scheme = "sqlite:";
  return url.starts_with(scheme) ? url.substr(scheme.size()) : std::string{};
}

std::unique_ptr<store> open_store(const std::string& url, std::chrono::milliseconds retention) {
  if (url.starts_with("sqlite:")) {
    const auto path = sqlite_path(url);
    if (path.empty()) throw std::runtime_error("--store sqlite: needs a file path, e.g. sqlite:data/telemetry.db");
    return std::make_unique<sqlite_store>(path);
  }
  if (url.starts_with("mongodb://")) {
#ifdef TELEMETRY_HAS_MONGO_STORE
    return std::make_unique<mongo_store>(url, std::chrono::duration_cast<std::chrono::seconds>(retention));
#else
    (void)retention;
    throw std::runtime_error("--store mongodb:// is not available in this build");
#endif
  }
  throw std::runtime_error(
      fmt::format("--store '{}': expected sqlite:PATH or mongodb://HOST:PORT/DB", url.substr(0, 200)));
}

}  // namespace telemetry::store
