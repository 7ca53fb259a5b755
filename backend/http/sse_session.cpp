#include "http/sse_session.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <charconv>

#include "http/responses.hpp"
#include "http/series_json.hpp"
#include "http/sse_format.hpp"
#include "query/query_params.hpp"
#include "telemetry/common/series_id.hpp"

namespace telemetry::http {
namespace {

constexpr std::array<std::string_view, 2> stream_params{"series", "since"};

std::optional<std::uint64_t> parse_seq(std::string_view text) {
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

sse_session::sse_session(beast::tcp_stream stream, api_context& context)
    : stream_(std::move(stream)), context_(context), timer_(stream_.get_executor()) {}

void sse_session::wake() {
  if (!armed_.exchange(false)) return;
  asio::post(stream_.get_executor(), [weak = weak_from_this()] {
    if (const auto self = weak.lock()) self->timer_.cancel();
  });
}

asio::awaitable<bool> sse_session::write(std::string_view data) {
  error_code ec;
  stream_.expires_after(context_.stream.write_timeout);
  co_await asio::async_write(stream_, asio::buffer(data), asio::redirect_error(asio::use_awaitable, ec));
  stream_.expires_never();
  last_write_ = std::chrono::steady_clock::now();
  co_return !ec;
}

asio::awaitable<void> sse_session::run(request req) {
  const auto self = shared_from_this();
  const auto target = std::string_view(req.target().data(), req.target().size());
  const auto question = target.find('?');
  std::string error;
  const auto params = query::query_params::parse(
      question == std::string_view::npos ? std::string_view{} : target.substr(question + 1), error);
  std::optional<std::uint64_t> resume_after;
  if (params) {
    if (const auto unknown = params->unknown(stream_params))
      error = "unknown parameter '" + std::string(*unknown) + "'";
    for (const auto id : params->all("series")) {
      if (!parse_series_id(id)) error = "'series' must be {source}/{signal}";
      filter_.emplace(id);
    }
    if (const auto since = params->first("since")) {
      resume_after = parse_seq(*since);
      if (!resume_after) error = "'since' must be a sequence number from /api/chart or an event id";
    }
  }
  // The browser's own resume wins over the URL: it is the last event this client saw.
  if (const auto header = req.find("Last-Event-ID"); header != req.end() && !header->value().empty()) {
    const auto id = parse_seq(std::string_view(header->value().data(), header->value().size()));
    if (id) resume_after = id;
  }
  if (!error.empty()) {
    auto res = error_response(bhttp::status::bad_request, error);
    res.keep_alive(false);
    error_code ec;
    co_await bhttp::async_write(stream_, res, asio::redirect_error(asio::use_awaitable, ec));
    co_return;
  }

  std::string out = sse_response_head(context_.cors_origin);
  out += sse_retry_line;
  if (!context_.hub.join(self)) {
    // Over the cap: a 200 that tells the browser when to try again, not an error it would
    // give up on.
    co_await write(out);
    co_return;
  }
  struct leave_on_exit {
    broadcaster& hub;
    const stream_subscriber* self;
    ~leave_on_exit() { hub.leave(self); }
  } guard{context_.hub, this};

  for (const auto& info : context_.registry.snapshot()) known_series_.insert(info.id.str());
  known_series_count_ = known_series_.size();
  seen_tick_ = context_.hub.tick();
  last_sent_ = context_.replay.last_seq();
  if (resume_after) {
    last_sent_ = *resume_after;
    if (!collect(out, true)) co_return;
  }
  if (!co_await write(out)) co_return;

  for (;;) {
    out.clear();
    error_code ec;
    // Arm before looking, so a tick that lands in between still wakes us.
    armed_ = true;
    if (context_.hub.tick() == seen_tick_ && context_.registry.size() == known_series_count_) {
      timer_.expires_after(context_.stream.heartbeat);
      co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    armed_ = false;
    seen_tick_ = context_.hub.tick();
    shared_event_.reset();
    collect_series(out);
    if (!collect(out, false)) co_return;
    if (shared_event_) {
      if (!co_await write(*shared_event_)) co_return;
      continue;
    }
    // A client whose filter leaves nothing still hears from us at the heartbeat interval.
    if (out.empty() && std::chrono::steady_clock::now() - last_write_ >= context_.stream.heartbeat) {
      out = sse_heartbeat;
    }
    if (!out.empty() && !co_await write(out)) co_return;
  }
}

bool sse_session::collect(std::string& out, bool catching_up) {
  std::vector<live::live_batch_ptr> batches;
  if (context_.replay.since(last_sent_, batches) == live::replay_buffer::resume::reset) {
    last_sent_ = context_.replay.last_seq();
    append_reset_event(out, last_sent_);
    return true;
  }
  if (!catching_up && batches.size() > context_.stream.max_backlog_batches) {
    spdlog::info("stream: client {} batches behind, disconnecting it (it will resume)", batches.size());
    return false;
  }
  if (batches.empty()) return true;
  if (!catching_up && filter_.empty() && out.empty() && batches.size() <= context_.stream.max_batches_per_event) {
    const auto after = last_sent_;
    last_sent_ = batches.back()->seq;
    shared_event_ = context_.hub.shared_event(after, last_sent_, [&] {
      std::string event;
      append_samples_event(event, batches, last_sent_);
      return event;
    });
    return true;
  }
  std::vector<live::live_batch_ptr> chosen;
  for (std::size_t start = 0; start < batches.size(); start += context_.stream.max_batches_per_event) {
    const auto end = std::min(batches.size(), start + context_.stream.max_batches_per_event);
    chosen.clear();
    for (std::size_t i = start; i < end; ++i) {
      if (filter_.empty() || filter_.contains(batches[i]->series)) chosen.push_back(batches[i]);
    }
    last_sent_ = batches[end - 1]->seq;
    if (!chosen.empty()) append_samples_event(out, chosen, last_sent_);
  }
  return true;
}

void sse_session::collect_series(std::string& out) {
  if (context_.registry.size() == known_series_count_) return;
  for (const auto& info : context_.registry.snapshot()) {
    const auto key = info.id.str();
    if (known_series_.contains(key)) continue;
    known_series_.insert(key);
    if (!filter_.empty() && !filter_.contains(key)) continue;
    std::string json;
    append_series_json(json, info);
    append_series_event(out, json);
  }
  known_series_count_ = known_series_.size();
}

}  // namespace telemetry::http
