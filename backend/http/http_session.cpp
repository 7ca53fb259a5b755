#include "http/http_session.hpp"

#include <spdlog/spdlog.h>

#include "http/responses.hpp"
#include "http/sse_session.hpp"

namespace telemetry::http {
namespace {

bool is_stream_path(std::string_view path) {
  return path == "/api/stream";
}

std::pair<std::string_view, std::string_view> split_target(const request& req) {
  const auto target = std::string_view(req.target().data(), req.target().size());
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {target, {}};
  return {target.substr(0, question), target.substr(question + 1)};
}

// The answer to a request the parser refused, or nullopt to just close.
std::optional<response> parse_failure(const error_code& ec) {
  if (ec == bhttp::error::header_limit) {
    return error_response(bhttp::status::request_header_fields_too_large, "request headers too large");
  }
  if (ec == bhttp::error::body_limit) return error_response(bhttp::status::payload_too_large, "request body too large");
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return error_response(bhttp::status::bad_request, "malformed HTTP request");
  }
  return std::nullopt;
}

// The answer to a GET (or HEAD) before the body rules of HEAD apply.
response answer_get(const request& req, const http_services& services) {
  const auto [path, query] = split_target(req);
  if (path.empty() || path.front() != '/') return error_response(bhttp::status::bad_request, "bad request target");
  if (auto api = services.api.handle(req, path, query)) {
    if (!services.context.cors_origin.empty()) {
      api->set(bhttp::field::access_control_allow_origin, services.context.cors_origin);
    }
    return std::move(*api);
  }
  if (services.files == nullptr) return error_response(bhttp::status::not_found, "not found");
  return services.files->serve(req, path);
}

// The answer to `req`, computed on the query threads when it may wait on the store.
asio::awaitable<response> answer_off_io(const request& req, const http_services& services) {
  const auto [path, query] = split_target(req);
  if (!services.api.may_wait_on_store(path, query)) co_return answer(req, services);
  co_return co_await asio::co_spawn(
      services.queries, [&]() -> asio::awaitable<response> { co_return answer(req, services); }, asio::use_awaitable);
}

}  // namespace

response answer(const request& req, const http_services& services) {
  auto res = answer_get(req, services);
  // A HEAD answer is the GET answer's header alone. A body written after it would be read by
  // the client as the start of the next answer on the connection.
  if (req.method() == bhttp::verb::head) {
    const auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  return res;
}

asio::awaitable<void> run_http_session(beast::tcp_stream stream, const http_services& services) {
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(services.limits.max_header_bytes);
    parser.body_limit(services.limits.max_body_bytes);
    stream.expires_after(services.limits.read_timeout);
    error_code ec;
    co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (auto refusal = parse_failure(ec)) {
        refusal->keep_alive(false);
        stream.expires_after(services.limits.write_timeout);
        co_await bhttp::async_write(stream, *refusal, asio::redirect_error(asio::use_awaitable, ec));
      }
      break;  // end of stream, timeout, reset: nothing more to say
    }
    auto req = parser.release();
    if (is_stream_path(split_target(req).first) && req.method() == bhttp::verb::get) {
      stream.expires_never();
      auto session = std::make_shared<sse_session>(std::move(stream), services.context);
      co_await session->run(std::move(req));
      co_return;
    }
    auto res = co_await answer_off_io(req, services);
    res.keep_alive(req.keep_alive());
    stream.expires_after(services.limits.write_timeout);
    co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace telemetry::http
