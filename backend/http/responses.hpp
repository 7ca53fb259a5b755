#pragma once
// Building answers: JSON bodies, the error body of design.md, and the headers every answer
// carries.
#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace telemetry::http {

[[nodiscard]] response make_response(bhttp::status status, std::string body, std::string_view content_type);
[[nodiscard]] response json_response(std::string body, bhttp::status status = bhttp::status::ok);
// {"error":{"code":"bad_request","message":"..."}}
[[nodiscard]] response error_response(bhttp::status status, std::string_view message);

}  // namespace telemetry::http
