#pragma once
// `--store URL`: `sqlite:PATH` (the default, a local file) or `mongodb://HOST:PORT/DB`.
#include <chrono>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace telemetry::store {

// Opens the store a URL names; throws std::runtime_error with a one-line message when the
// URL is malformed or the store cannot be opened.
[[nodiscard]] std::unique_ptr<store> open_store(const std::string& url, std::chrono::milliseconds retention);

// The file a sqlite: URL names, or empty for other schemes.
[[nodiscard]] std::string sqlite_path(const std::string& url);

}  // namespace telemetry::store
