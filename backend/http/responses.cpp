#include "http/responses.hpp"

#include <cctype>

#include "telemetry/common/json_writer.hpp"

namespace telemetry::http {

response make_response(bhttp::status status, std::string body, std::string_view content_type) {
  response res{status, 11};
  res.set(bhttp::field::server, "telemetry-backend");
  res.set(bhttp::field::content_type, beast::string_view(content_type.data(), content_type.size()));
  res.set(bhttp::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

response json_response(std::string body, bhttp::status status) {
  return make_response(status, std::move(body), "application/json");
}

response error_response(bhttp::status status, std::string_view message) {
  // The code is the reason phrase in snake_case: bad_request, not_found, ...
  std::string code;
  for (const char c : bhttp::obsolete_reason(status)) {
    code += c == ' ' || c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::string body = R"({"error":{"code":)";
  json::append_string(body, code);
  body += R"(,"message":)";
  json::append_string(body, message);
  body += "}}";
  return json_response(std::move(body), status);
}

}  // namespace telemetry::http
