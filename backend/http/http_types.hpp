#pragma once
// Short names for the Beast and Asio types the HTTP server uses.
// Boost 1.74 asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace telemetry::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;

using request = bhttp::request<bhttp::string_body>;
using response = bhttp::response<bhttp::string_body>;

}  // namespace telemetry::http
