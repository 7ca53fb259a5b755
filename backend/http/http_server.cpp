#include "http/http_server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "http/listener.hpp"

namespace telemetry::http {

http_server::http_server(http_server_options options, api_context& context)
    : options_(std::move(options)),
      io_(static_cast<int>(options_.threads)),
      queries_(std::max<std::size_t>(options_.query_threads, 1)),
      acceptor_(io_),
      api_(context),
      files_(options_.static_dir.empty() ? nullptr : std::make_unique<static_files>(options_.static_dir)),
      services_{context, api_, files_.get(), options_.limits, queries_.get_executor()} {}

http_server::~http_server() {
  stop();
}

void http_server::start() {
  error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec) throw std::runtime_error(fmt::format("--http {}: not an IP address", options_.host));
  const tcp::endpoint endpoint{address, options_.port};
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", options_.host, options_.port, ec.message()));
  }
  bound_port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(io_, run_listener(acceptor_, services_), asio::detached);
  for (std::size_t i = 0; i < std::max<std::size_t>(options_.threads, 1); ++i) {
    threads_.emplace_back([this] { io_.run(); });
  }
  spdlog::info("http: listening on {}:{}", options_.host, bound_port_);
}

void http_server::stop() {
  if (threads_.empty()) return;
  asio::post(io_, [this] {
    error_code ignored;
    acceptor_.close(ignored);
  });
  // Requests in progress are short; streams are ended (clients resume elsewhere or later).
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  io_.stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  // A query still waiting on the store ends before the objects it reads go away.
  queries_.stop();
  queries_.join();
}

}  // namespace telemetry::http
