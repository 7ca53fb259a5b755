#pragma once
// The HTTP server: an io_context run by a few threads, the listener, a few query threads for
// the requests that may wait on the store, and the shared services. start() binds (throwing
// a one-line error when it cannot); stop() closes the listener, gives open requests a
// moment, and ends every connection.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http/api_context.hpp"
#include "http/api_handlers.hpp"
#include "http/http_session.hpp"
#include "http/static_files.hpp"

namespace telemetry::http {

struct http_server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string static_dir;  // empty: no dashboard
  std::size_t threads = 2;
  std::size_t query_threads = 2;  // for requests that may wait on the store
  http_limits limits;
};

class http_server {
 public:
  http_server(http_server_options options, api_context& context);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  void start();
  void stop();
  // The port actually bound (useful with port 0).
  [[nodiscard]] std::uint16_t port() const noexcept { return bound_port_; }

 private:
  http_server_options options_;
  asio::io_context io_;
  asio::thread_pool queries_;
  tcp::acceptor acceptor_;
  api_handlers api_;
  std::unique_ptr<static_files> files_;
  http_services services_;
  std::vector<std::thread> threads_;
  std::uint16_t bound_port_ = 0;
};

}  // namespace telemetry::http
