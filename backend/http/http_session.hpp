#pragma once
// One HTTP/1.1 connection: reads requests with a timeout and size limits (431 for headers,
// 413 for bodies), answers them in order with keep-alive, and hands the connection to an
// SSE session when the client asks for the live stream. A request that may read the store
// is answered on the query threads, so a store that stops answering holds up those requests
// only, never the I/O threads that carry the live stream, health checks and other requests.
#include <memory>

#include "http/api_context.hpp"
#include "http/api_handlers.hpp"
#include "http/http_types.hpp"
#include "http/static_files.hpp"

namespace telemetry::http {

struct http_limits {
  std::uint32_t max_header_bytes = 8 * 1024;
  std::uint64_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
};

// Shared by every connection; read-only once the server runs.
struct http_services {
  api_context& context;
  api_handlers& api;
  const static_files* files;  // null: no dashboard folder configured
  http_limits limits;
  // Runs the requests that may wait on the store, off the I/O threads.
  asio::thread_pool::executor_type queries;
};

asio::awaitable<void> run_http_session(beast::tcp_stream stream, const http_services& services);

// The answer to one complete request (everything but the stream). Exposed for tests.
[[nodiscard]] response answer(const request& req, const http_services& services);

}  // namespace telemetry::http
