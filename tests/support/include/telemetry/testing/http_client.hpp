#pragma once
// Small synchronous HTTP clients for tests against a server on 127.0.0.1: a GET that returns
// status, headers and body; a raw exchange that sends arbitrary bytes and returns whatever
// comes back; and a Server-Sent Events reader that reads a stream for a bounded time and
// parses its events. Every call has a timeout, so a misbehaving server fails a test instead
// of hanging it.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telemetry::testing {

using http_headers = std::vector<std::pair<std::string, std::string>>;

struct http_reply {
  int status = 0;  // 0: no answer (connection failed, closed or timed out)
  http_headers headers;
  std::string body;

  // The value of the first header named `name` (case-insensitive), or "".
  [[nodiscard]] std::string header(std::string_view name) const;
  [[nodiscard]] bool has_header(std::string_view name) const;
};

// GET http://127.0.0.1:port/target with `headers` added; Connection: close.
[[nodiscard]] http_reply http_get(int port, std::string_view target, const http_headers& headers = {},
                                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Connects, sends `bytes`, then reads until the server closes or `timeout` passes.
struct raw_reply {
  std::string bytes;
  bool closed = false;  // the server closed (EOF or reset) before the timeout
  std::chrono::milliseconds elapsed{0};
};
[[nodiscard]] raw_reply raw_exchange(int port, std::string_view bytes,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(5));

// The HTTP status of a raw response ("HTTP/1.1 431 ..." -> 431), or 0.
[[nodiscard]] int raw_status(std::string_view response);

struct sse_event {
  std::string event;  // "message" when the event has no event: field
  std::string id;
  std::string data;
};

// One open event stream. The socket is a plain blocking one read through poll(2).
class sse_reader {
 public:
  // Connects and sends GET target. `receive_buffer` > 0 sets SO_RCVBUF before connecting.
  sse_reader(int port, std::string_view target, const http_headers& headers = {}, int receive_buffer = 0);
  ~sse_reader();
  sse_reader(const sse_reader&) = delete;
  sse_reader& operator=(const sse_reader&) = delete;

  // Reads for `duration` or until the server closes.
  void read_for(std::chrono::milliseconds duration);
  // Reads until `done` is true for the events so far, the server closes, or `timeout`.
  bool read_until(const std::function<bool(const sse_reader&)>& done, std::chrono::milliseconds timeout);
  // Closes the connection from this side (a forced disconnect).
  void close();

  [[nodiscard]] int status() const noexcept { return status_; }
  [[nodiscard]] std::string header(std::string_view name) const;
  [[nodiscard]] bool head_complete() const noexcept { return head_done_; }
  [[nodiscard]] const std::string& body() const noexcept { return body_; }  // raw bytes after the head
  [[nodiscard]] const std::vector<sse_event>& events() const noexcept { return events_; }
  [[nodiscard]] const std::vector<std::string>& comments() const noexcept { return comments_; }
  [[nodiscard]] const std::vector<std::string>& retries() const noexcept { return retries_; }
  [[nodiscard]] bool closed() const noexcept { return closed_; }

 private:
  void read_some(std::chrono::milliseconds wait);
  void parse();

  int fd_ = -1;
  std::string raw_;
  std::string body_;
  std::size_t parsed_ = 0;  // offset in body_ of the first byte not yet parsed
  bool head_done_ = false;
  int status_ = 0;
  http_headers headers_;
  std::vector<sse_event> events_;
  std::vector<std::string> comments_;
  std::vector<std::string> retries_;
  sse_event pending_;
  bool pending_has_fields_ = false;
  bool closed_ = false;
};

}  // namespace telemetry::testing
