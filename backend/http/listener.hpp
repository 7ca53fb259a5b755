#pragma once
// Accepts connections and starts one session coroutine per connection, each on its own
// strand, so sessions run in parallel on the server's threads without locks of their own.
#include "http/http_session.hpp"
#include "http/http_types.hpp"

namespace telemetry::http {

asio::awaitable<void> run_listener(tcp::acceptor& acceptor, const http_services& services);

}  // namespace telemetry::http
