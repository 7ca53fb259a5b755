#include "http/listener.hpp"

#include <spdlog/spdlog.h>

namespace telemetry::http {

asio::awaitable<void> run_listener(tcp::acceptor& acceptor, const http_services& services) {
  for (;;) {
    error_code ec;
    auto socket = co_await acceptor.async_accept(asio::make_strand(acceptor.get_executor()),
                                                 asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of file descriptors and the like: wait a little rather than spin.
      spdlog::warn("http: accept failed: {}", ec.message());
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    const auto executor = socket.get_executor();
    asio::co_spawn(executor, run_http_session(beast::tcp_stream(std::move(socket)), services),
                   [](const std::exception_ptr& failure) {
                     if (!failure) return;
                     try {
                       std::rethrow_exception(failure);
                     } catch (const std::exception& e) {
                       spdlog::warn("http: session ended with an error: {}", e.what());
                     }
                   });
  }
}

}  // namespace telemetry::http
