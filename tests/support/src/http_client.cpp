#include "telemetry/testing/http_client.hpp"

// Boost 1.74 asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <stdexcept>

namespace telemetry::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string find_header(const http_headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

// A blocking TCP socket connected to 127.0.0.1:port, or -1.
int connect_loopback(int port, int receive_buffer = 0) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (receive_buffer > 0) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

std::string request_text(std::string_view target, const http_headers& headers, bool close) {
  std::string text = "GET ";
  text += target;
  text += " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [key, value] : headers) text += key + ": " + value + "\r\n";
  if (close) text += "Connection: close\r\n";
  text += "\r\n";
  return text;
}

}  // namespace

std::string http_reply::header(std::string_view name) const {
  return find_header(headers, name);
}

bool http_reply::has_header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return true;
  }
  return false;
}

http_reply http_get(int port, std::string_view target, const http_headers& headers, std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  http_reply reply;
  beast::error_code ec;
  stream.expires_after(timeout);
  stream.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<std::uint16_t>(port)),
                       [&](beast::error_code e) { ec = e; });
  io.run();
  if (ec) return reply;
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, beast::string_view(target.data(), target.size()), 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::connection, "close");
  for (const auto& [key, value] : headers) req.set(key, value);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(256 * 1024 * 1024);
  io.restart();
  bhttp::async_write(stream, req, [&](beast::error_code e, std::size_t) {
    ec = e;
    if (!e) bhttp::async_read(stream, buffer, parser, [&](beast::error_code r, std::size_t) { ec = r; });
  });
  io.run();
  if (ec && !parser.is_done()) return reply;
  const auto& res = parser.get();
  reply.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  reply.body = res.body();
  return reply;
}

raw_reply raw_exchange(int port, std::string_view bytes, std::chrono::milliseconds timeout) {
  raw_reply reply;
  const auto start = std::chrono::steady_clock::now();
  const int fd = connect_loopback(port);
  if (fd < 0) return reply;
  send_all(fd, bytes);  // the server may close before taking everything: read what it said
  const auto deadline = start + timeout;
  char chunk[16384];
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    const auto got = ::recv(fd, chunk, sizeof(chunk), 0);
    if (got <= 0) {
      reply.closed = true;
      break;
    }
    reply.bytes.append(chunk, static_cast<std::size_t>(got));
  }
  ::close(fd);
  reply.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return reply;
}

int raw_status(std::string_view response) {
  if (!response.starts_with("HTTP/1.") || response.size() < 12) return 0;
  int status = 0;
  for (std::size_t i = 9; i < 12; ++i) {
    if (response[i] < '0' || response[i] > '9') return 0;
    status = status * 10 + (response[i] - '0');
  }
  return status;
}

sse_reader::sse_reader(int port, std::string_view target, const http_headers& headers, int receive_buffer) {
  fd_ = connect_loopback(port, receive_buffer);
  if (fd_ < 0) throw std::runtime_error("sse_reader: cannot connect");
  auto with_accept = headers;
  with_accept.emplace_back("Accept", "text/event-stream");
  if (!send_all(fd_, request_text(target, with_accept, false))) throw std::runtime_error("sse_reader: cannot send");
}

sse_reader::~sse_reader() {
  close();
}

void sse_reader::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string sse_reader::header(std::string_view name) const {
  return find_header(headers_, name);
}

void sse_reader::read_some(std::chrono::milliseconds wait) {
  if (fd_ < 0 || closed_) return;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(wait.count(), 0))) <= 0) return;
  char chunk[65536];
  const auto got = ::recv(fd_, chunk, sizeof(chunk), 0);
  if (got <= 0) {
    closed_ = true;
    return;
  }
  if (!head_done_) {
    raw_.append(chunk, static_cast<std::size_t>(got));
    const auto end = raw_.find("\r\n\r\n");
    if (end == std::string::npos) return;
    head_done_ = true;
    status_ = raw_status(raw_);
    std::string_view head(raw_.data(), end);
    head.remove_prefix(std::min(head.size(), head.find("\r\n") + 2));
    while (!head.empty()) {
      const auto eol = head.find("\r\n");
      const auto line = head.substr(0, eol);
      const auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        headers_.emplace_back(std::string(line.substr(0, colon)), std::string(value));
      }
      head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
    }
    body_ = raw_.substr(end + 4);
  } else {
    body_.append(chunk, static_cast<std::size_t>(got));
  }
  parse();
}

void sse_reader::parse() {
  // Only whole lines; an event ends at a blank line.
  for (;;) {
    const auto eol = body_.find('\n', parsed_);
    if (eol == std::string::npos) return;
    std::string_view line(body_.data() + parsed_, eol - parsed_);
    parsed_ = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (pending_has_fields_) {
        if (pending_.event.empty()) pending_.event = "message";
        events_.push_back(std::move(pending_));
      }
      pending_ = {};
      pending_has_fields_ = false;
      continue;
    }
    if (line.front() == ':') {
      comments_.emplace_back(line.substr(1));
      continue;
    }
    const auto colon = line.find(':');
    const auto field = line.substr(0, colon);
    auto value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "retry") {
      retries_.emplace_back(value);
      continue;
    }
    pending_has_fields_ = true;
    if (field == "event") pending_.event = value;
    if (field == "id") pending_.id = value;
    if (field == "data") {
      if (!pending_.data.empty()) pending_.data += '\n';
      pending_.data += value;
    }
  }
}

void sse_reader::read_for(std::chrono::milliseconds duration) {
  read_until([](const sse_reader&) { return false; }, duration);
}

bool sse_reader::read_until(const std::function<bool(const sse_reader&)>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done(*this)) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || closed_ || fd_ < 0) return done(*this);
    read_some(std::min(left, std::chrono::milliseconds(100)));
  }
  return true;
}

}  // namespace telemetry::testing
