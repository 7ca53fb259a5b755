#pragma once
// Serves the built dashboard from one folder, with the SPA fallback to index.html for
// client-side routes. No request can read outside the folder: `..` segments in any encoding
// are refused, NUL bytes are a 400, and symlinks that lead out are not followed.
#include <filesystem>
#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace telemetry::http {

class static_files {
 public:
  // Throws std::runtime_error when `root` is not a readable folder.
  explicit static_files(const std::string& root);

  [[nodiscard]] response serve(const request& req, std::string_view encoded_path) const;

 private:
  [[nodiscard]] response file_response(const std::filesystem::path& file) const;

  std::filesystem::path root_;
};

}  // namespace telemetry::http
