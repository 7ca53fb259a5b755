#include "http/api_handlers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <numeric>

#include "http/prometheus_text.hpp"
#include "http/responses.hpp"
#include "http/series_json.hpp"
#include "query/m4.hpp"
#include "query/series_stats.hpp"
#include "query/time_param.hpp"
#include "telemetry/common/json_writer.hpp"

namespace telemetry::http {
namespace {

response bad_request(std::string_view message) {
  return error_response(bhttp::status::bad_request, message);
}

response store_failure(const store::status& status) {
  return error_response(bhttp::status::service_unavailable, fmt::format("store unavailable: {}", status.error));
}

// Longest text of one point: '[', a 64-bit integer (20), ',', a double, ']', and the ',' before it.
constexpr std::size_t max_point_chars = 1 + 20 + 1 + json::max_double_chars + 1 + 1;

char* write_point(char* out, char* end, const store::point& p) {
  *out++ = '[';
  out = std::to_chars(out, end, p.ts).ptr;
  *out++ = ',';
  out = json::write_number(out, end, p.value);
  *out++ = ']';
  return out;
}

// One point as [ts,value], formatted on the stack and appended at once: answers hold tens of
// thousands of points, and one append per point instead of five is a third of the time.
void append_point(std::string& out, const store::point& p) {
  std::array<char, max_point_chars> text{};
  out.append(text.data(), write_point(text.data(), text.data() + text.size(), p));
}

// Points [first, last) as "[ts,v],[ts,v]", written in place: the string grows once for all.
template <typename Iterator>
void append_points(std::string& out, Iterator first, Iterator last) {
  const auto old_size = out.size();
  out.resize(old_size + static_cast<std::size_t>(std::distance(first, last)) * max_point_chars);
  char* const begin = out.data() + old_size;
  char* const end = out.data() + out.size();
  char* at = begin;
  for (auto it = first; it != last; ++it) {
    if (at != begin) *at++ = ',';
    at = write_point(at, end, *it);
  }
  out.resize(static_cast<std::size_t>(at - out.data()));
}

// /api/history reuses the text of whole minutes of the recent window (history_text_cache).
constexpr timestamp_ms history_run_ms = 60'000;

// /api/chart reads the recent window in runs this long, each decimated in one inner loop.
constexpr timestamp_ms chart_run_ms = 3'600'000;

// The text one part of a query wrote, or why the store could not answer it.
struct query_part {
  std::string text;
  store::status status = store::status::success();
};

void append_stat(std::string& out, std::string_view key, const std::optional<double>& value) {
  out += ",\"";
  out += key;
  out += "\":";
  if (value) {
    json::append_number(out, *value);
  } else {
    out += "null";
  }
}

// One series' entry of /api/stats; nulls where the range holds no point.
void append_stats_json(std::string& out, std::string_view id, const std::optional<query::series_stats>& stats) {
  out += R"({"series":)";
  json::append_string(out, id);
  out += R"(,"count":)";
  json::append_number(out, static_cast<std::uint64_t>(stats ? stats->count : 0));
  using query::series_stats;
  const auto field = [&](double series_stats::*member) {
    return stats ? std::optional<double>((*stats).*member) : std::nullopt;
  };
  append_stat(out, "min", field(&series_stats::min));
  append_stat(out, "max", field(&series_stats::max));
  append_stat(out, "mean", field(&series_stats::mean));
  append_stat(out, "stddev", field(&series_stats::stddev));
  append_stat(out, "p50", field(&series_stats::p50));
  append_stat(out, "p95", field(&series_stats::p95));
  append_stat(out, "p99", field(&series_stats::p99));
  for (const auto& [key, ts] : {std::pair{"first_ts", stats ? &stats->first_ts : nullptr},
                                std::pair{"last_ts", stats ? &stats->last_ts : nullptr}}) {
    out += fmt::format(",\"{}\":", key);
    if (ts != nullptr) {
      json::append_number(out, *ts);
    } else {
      out += "null";
    }
  }
  out += '}';
}

}  // namespace

api_handlers::api_handlers(api_context& context)
    : context_(context),
      reader_(context.window, context.store),
      history_text_(context.limits.history_cache_bytes),
      query_parts_(context.limits.query_workers),
      routes_{{"/api/series", &api_handlers::series, {}},
              {"/api/history", &api_handlers::history, {"series", "from", "to", "limit", "cursor", "format"}},
              {"/api/chart", &api_handlers::chart, {"series", "from", "to", "width"}},
              {"/api/stats", &api_handlers::stats, {"series", "from", "to"}},
              {"/healthz", &api_handlers::healthz, {}},
              {"/readyz", &api_handlers::readyz, {}},
              {"/metrics", &api_handlers::metrics, {}}} {}

bool api_handlers::may_wait_on_store(std::string_view path, std::string_view query) const {
  if (path != "/api/history" && path != "/api/chart" && path != "/api/stats") return false;
  std::string error;
  const auto params = query::query_params::parse(query, error);
  if (!params) return false;  // a 400, answered at once
  const auto now = wall_clock_ms();
  const auto range = query::parse_time_range(*params, now, error);
  // A cursor only moves `from` later. The margin covers the window's edge moving on before
  // the handler runs.
  constexpr timestamp_ms margin_ms = 1000;
  return range && range->from < context_.window.start(now) + margin_ms;
}

std::optional<response> api_handlers::handle(const request& req, std::string_view path, std::string_view query) {
  const route* found = nullptr;
  for (const auto& r : routes_) {
    if (r.path == path) found = &r;
  }
  if (found == nullptr) {
    if (path.starts_with("/api/")) return error_response(bhttp::status::not_found, "no such API endpoint");
    return std::nullopt;
  }
  if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
    auto res = error_response(bhttp::status::method_not_allowed, "only GET is supported");
    res.set(bhttp::field::allow, "GET, HEAD");
    return res;
  }
  std::string error;
  const auto params = query::query_params::parse(query, error);
  if (!params) return bad_request(error);
  if (const auto unknown = params->unknown(found->params)) {
    return bad_request(fmt::format("unknown parameter '{}'", unknown->substr(0, 64)));
  }
  return (this->*(found->method))(*params);
}

std::optional<std::vector<std::string>> api_handlers::resolve_series(const query::query_params& params,
                                                                     bool all_if_absent, std::string& error) const {
  std::vector<std::string> out;
  for (const auto id : params.all("series")) {
    if (!context_.registry.contains(std::string(id))) {
      error = fmt::format("unknown series '{}'", id.substr(0, 140));
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), id) == out.end()) out.emplace_back(id);
  }
  if (out.empty() && all_if_absent) {
    for (const auto& info : context_.registry.snapshot()) out.push_back(info.id.str());
  }
  return out;
}

std::optional<api_handlers::series_range> api_handlers::parse_series_range(const query::query_params& params,
                                                                           bool all_if_absent,
                                                                           std::string& error) const {
  auto ids = resolve_series(params, all_if_absent, error);
  if (!ids) return std::nullopt;
  const auto now = wall_clock_ms();
  const auto range = query::parse_time_range(params, now, error);
  if (!range) return std::nullopt;
  return series_range{std::move(*ids), *range, now};
}

response api_handlers::series(const query::query_params&) {
  std::string body = "[";
  for (const auto& info : context_.registry.snapshot()) {
    if (body.size() > 1) body += ',';
    append_series_json(body, info);
  }
  body += ']';
  return json_response(std::move(body));
}

response api_handlers::history(const query::query_params& params) {
  std::string error;
  const auto ids = resolve_series(params, false, error);
  if (!ids) return bad_request(error);
  if (ids->size() != 1)
    return bad_request("'series' is required, exactly once, e.g. series=electrolyzer-1/power_input");
  const auto format = params.first("format").value_or("json");
  if (format != "json" && format != "csv") return bad_request("'format' must be json or csv");
  const bool csv = format == "csv";
  const auto now = wall_clock_ms();
  auto range = query::parse_time_range(params, now, error);
  if (!range) return bad_request(error);
  const auto limit =
      query::parse_count(params, "limit", csv ? context_.limits.max_csv_rows : context_.limits.default_history_limit,
                         csv ? context_.limits.max_csv_rows : context_.limits.max_history_limit, error);
  if (!limit) return bad_request(error);
  if (const auto cursor = params.first("cursor")) {
    timestamp_ms after = 0;
    const auto [ptr, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), after);
    if (ec != std::errc{} || ptr != cursor->data() + cursor->size() || after < 0) {
      return bad_request("'cursor' must be the 'next' value of a previous answer");
    }
    range->from = std::max(range->from, after + 1);
  }

  const auto& id = ids->front();
  std::string body;
  std::size_t count = 0;
  std::optional<timestamp_ms> last_ts;
  bool more = false;
  // Room for the answer up front (pages not written are never touched): growing a
  // megabyte-sized string by doubling copies it again and again and faults in every copy.
  body.reserve(std::min<std::size_t>(*limit, context_.limits.max_history_limit) *
               (csv ? id.size() + max_point_chars + 32 : max_point_chars));
  if (csv) body = "series,ts,time,value\n";
  if (!csv) {
    body = R"({"series":)";
    json::append_string(body, id);
    body += R"(,"points":[)";
  }
  const auto visit_point = [&](const store::point& p) {
    if (count == *limit) {
      more = true;
      return false;
    }
    if (csv) {
      body += id;
      body += ',';
      json::append_number(body, p.ts);
      body += ',';
      query::append_iso8601(body, p.ts);
      body += ',';
      json::append_number(body, p.value);
      body += '\n';
    } else {
      if (count > 0) body += ',';
      append_point(body, p);
    }
    ++count;
    last_ts = p.ts;
    return true;
  };
  // JSON answers take whole minutes of the recent window as text from the cache.
  const auto visit_run = [&](const live::recent_window::point_run& run) {
    if (!run.whole || count + run.size() > *limit) return std::all_of(run.begin, run.end, visit_point);
    const auto text = history_text_.text(id, run, [&](std::string& out) { append_points(out, run.begin, run.end); });
    if (count > 0) body += ',';
    body += *text;
    count += run.size();
    last_ts = std::prev(run.end)->ts;
    return true;
  };
  const auto result = csv ? reader_.visit(id, range->from, range->to, now, visit_point)
                          : reader_.visit_runs(id, range->from, range->to, now, history_run_ms, visit_point, visit_run);
  if (!result.ok()) return store_failure(result);
  const auto next = more && last_ts ? std::optional<std::string>(std::to_string(*last_ts)) : std::nullopt;
  if (csv) {
    auto res = make_response(bhttp::status::ok, std::move(body), "text/csv; charset=utf-8");
    const auto file = id.substr(0, id.find('/')) + "_" + id.substr(id.find('/') + 1);
    res.set(bhttp::field::content_disposition, fmt::format("attachment; filename=\"{}.csv\"", file));
    if (next) res.set("X-Next-Cursor", *next);
    return res;
  }
  body += R"(],"next":)";
  if (next) {
    json::append_string(body, *next);
  } else {
    body += "null";
  }
  body += '}';
  return json_response(std::move(body));
}

response api_handlers::chart(const query::query_params& params) {
  std::string error;
  const auto query = parse_series_range(params, true, error);
  if (!query) return bad_request(error);
  // Named references, not a structured binding: the parts' lambda captures them (C++20 lets
  // Clang refuse captured bindings).
  const auto& ids = query->ids;
  const auto& range = query->range;
  const auto now = query->now;
  const auto width = query::parse_count(params, "width", context_.limits.default_width,
                                        std::min(context_.limits.max_width, query::max_width), error);
  if (!width) return bad_request(error);
  // The sequence number first: every batch after it reaches a stream opened with ?since=seq,
  // so the chart and the stream overlap (deduped by ts) rather than leave a gap.
  const auto seq = context_.replay.last_seq();
  std::string body = R"({"from":)";
  json::append_number(body, range.from);
  body += R"(,"to":)";
  json::append_number(body, range.to);
  body += R"(,"seq":)";
  json::append_number(body, seq);
  body += R"(,"series":[)";
  // The series, in slices of their pixel columns when there are few, are decimated and
  // written apart on the query pool, then joined in order.
  const auto held = held_in_window(*query);
  const auto points = std::accumulate(held.begin(), held.end(), std::size_t{0});
  const auto slices = (parts_for(points) + ids.size() - 1) / ids.size();
  std::vector<query_part> parts(ids.size() * slices);
  query_parts_.run(parts.size(), [&](std::size_t index) {
    const auto& id = ids[index / slices];
    const auto slice = index % slices;
    query::m4_decimator m4(range.from, range.to, *width, *width * slice / slices, *width * (slice + 1) / slices);
    if (m4.first_ts() > m4.last_ts()) return;
    parts[index].status = reader_.visit_runs(
        id, m4.first_ts(), m4.last_ts(), now, chart_run_ms,
        [&](const store::point& p) {
          m4.add(p);
          return true;
        },
        [&](const live::recent_window::point_run& run) {
          m4.add(run.begin, run.end);
          return true;
        });
    std::vector<store::point> kept;
    m4.finish(kept);
    append_points(parts[index].text, kept.begin(), kept.end());
  });
  std::size_t size = body.size() + 2;
  for (const auto& part : parts) {
    if (!part.status.ok()) return store_failure(part.status);
    size += part.text.size() + 1;
  }
  for (const auto& id : ids) size += 2 * id.size() + 32;
  body.reserve(size);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) body += ',';
    body += R"({"id":)";
    json::append_string(body, ids[i]);
    body += R"(,"points":[)";
    bool first = true;
    for (std::size_t slice = 0; slice < slices; ++slice) {
      const auto& text = parts[i * slices + slice].text;
      if (text.empty()) continue;
      if (!first) body += ',';
      body += text;
      first = false;
    }
    body += "]}";
  }
  body += "]}";
  return json_response(std::move(body));
}

response api_handlers::stats(const query::query_params& params) {
  std::string error;
  const auto query = parse_series_range(params, true, error);
  if (!query) return bad_request(error);
  const auto& ids = query->ids;
  const auto& range = query->range;
  const auto now = query->now;
  // Each series' count in the window: the room its values take, reserved up front (growing by
  // doubling copies them again and again), and the measure of how to share the series out.
  const auto held = held_in_window(*query);
  const auto points = std::accumulate(held.begin(), held.end(), std::size_t{0});
  // Runs of consecutive series go to the query pool as parts, then are joined in order.
  std::vector<query_part> parts(std::min(ids.size(), parts_for(points)));
  query_parts_.run(parts.size(), [&](std::size_t k) {
    auto& part = parts[k];
    for (auto i = k * ids.size() / parts.size(); i < (k + 1) * ids.size() / parts.size(); ++i) {
      query::stats_accumulator accumulator;
      accumulator.reserve(held[i]);
      part.status = reader_.visit(ids[i], range.from, range.to, now, [&](const store::point& p) {
        accumulator.add(p);
        return true;
      });
      if (!part.status.ok()) return;
      if (i > 0) part.text += ',';
      append_stats_json(part.text, ids[i], accumulator.finish());
    }
  });
  std::string body = R"({"stats":[)";
  for (const auto& part : parts) {
    if (!part.status.ok()) return store_failure(part.status);
    body += part.text;
  }
  body += "]}";
  return json_response(std::move(body));
}

std::vector<std::size_t> api_handlers::held_in_window(const series_range& query) const {
  const auto from = std::max(query.range.from, context_.window.start(query.now));
  std::vector<std::size_t> held;
  held.reserve(query.ids.size());
  for (const auto& id : query.ids) held.push_back(context_.window.count(id, from, query.range.to));
  return held;
}

std::size_t api_handlers::parts_for(std::size_t points) const {
  // Up to four parts a thread keep the threads evenly busy.
  return std::clamp<std::size_t>(points / std::max<std::size_t>(1, context_.limits.query_part_points), 1,
                                 4 * query_parts_.threads());
}

response api_handlers::healthz(const query::query_params&) {
  return json_response(R"({"status":"ok"})");
}

// From what the store writer saw, never by calling the store here: a store that does not
// answer would hold this HTTP thread for as long as it stays silent.
response api_handlers::readyz(const query::query_params&) {
  std::string reason;
  const auto& writer = context_.writer_stats;
  if (!context_.broker_connected()) {
    reason = "not connected to the MQTT broker";
  } else if (const auto waiting = writer.waiting_for_store(); waiting >= context_.limits.store_stall) {
    reason = fmt::format("store not answering: no reply for {} s", waiting.count() / 1000);
  } else if (!writer.last_ping_ok.load()) {
    reason = fmt::format("store not answering: {}", writer.last_error());
  } else if (!writer.last_write_ok.load()) {
    reason = "store writes are failing; samples are queued and retried";
  }
  if (reason.empty()) return json_response(R"({"status":"ready"})");
  std::string body = R"({"status":"not_ready","reason":)";
  json::append_string(body, reason);
  body += '}';
  return json_response(std::move(body), bhttp::status::service_unavailable);
}

response api_handlers::metrics(const query::query_params&) {
  return make_response(bhttp::status::ok, render_metrics(context_, history_text_.snapshot()),
                       "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace telemetry::http
