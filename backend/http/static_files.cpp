#include "http/static_files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "http/responses.hpp"
#include "query/query_params.hpp"

namespace telemetry::http {
namespace {

std::string_view mime_type(const std::filesystem::path& file) {
  const auto ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool inside(const std::filesystem::path& root, const std::filesystem::path& candidate) {
  const auto root_text = root.string();
  const auto text = candidate.string();
  return text == root_text || (text.starts_with(root_text) && text[root_text.size()] == '/');
}

}  // namespace

static_files::static_files(const std::string& root) {
  std::error_code ec;
  root_ = std::filesystem::canonical(root, ec);
  if (ec || !std::filesystem::is_directory(root_)) {
    throw std::runtime_error(fmt::format("--static {}: not a folder", root));
  }
}

response static_files::serve(const request& req, std::string_view encoded_path) const {
  if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
    return error_response(bhttp::status::method_not_allowed, "only GET is supported");
  }
  const auto decoded = query::percent_decode(encoded_path, false);
  if (!decoded) return error_response(bhttp::status::bad_request, "malformed path");
  std::filesystem::path relative;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == ".." || segment.find('\\') != std::string_view::npos) {
      return error_response(bhttp::status::not_found, "not found");
    }
    relative /= std::string(segment);
  }
  std::error_code ec;
  auto candidate = std::filesystem::weakly_canonical(root_ / relative, ec);
  if (ec || !inside(root_, candidate)) return error_response(bhttp::status::not_found, "not found");
  if (std::filesystem::is_directory(candidate, ec)) candidate /= "index.html";
  if (std::filesystem::is_regular_file(candidate, ec)) return file_response(candidate);
  // Client-side routes (no file extension) get the app; a missing asset is a 404.
  if (relative.has_extension()) return error_response(bhttp::status::not_found, "not found");
  return file_response(root_ / "index.html");
}

response static_files::file_response(const std::filesystem::path& file) const {
  std::ifstream in(file, std::ios::binary);
  if (!in) return error_response(bhttp::status::not_found, "not found");
  std::ostringstream content;
  content << in.rdbuf();
  auto res = make_response(bhttp::status::ok, content.str(), mime_type(file));
  // Vite puts content-hashed names under assets/: those never change.
  const bool hashed = file.parent_path().filename() == "assets";
  res.set(bhttp::field::cache_control, hashed ? "public, max-age=31536000, immutable" : "no-cache");
  res.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
          "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "no-referrer");
  return res;
}

}  // namespace telemetry::http
