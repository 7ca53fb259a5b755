// Raw bytes from a client, handled as one connection of the server handles them: Beast's
// request parser with the server's header and body limits, then the server's own dispatch
// (http::answer) for every request that parses, pipelined ones included, until one closes.
// The backend behind it is real but small: a temporary SQLite store with older samples, a
// recent window with the last minutes, series with and without metadata, and a dashboard
// folder with a secret file and symlinks just outside it.
//
// Properties of every answer: no 5xx (the backend is healthy, so any 5xx comes from the
// request), framing that a client can trust (Content-Length matches, no body for HEAD),
// header values without CR/LF, JSON bodies that parse, nothing from outside the folder.
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "http/http_server.hpp"
#include "http/http_session.hpp"
#include "store/sqlite_store.hpp"
#include "telemetry/testing/child_process.hpp"

namespace {

namespace http = telemetry::http;
namespace bhttp = telemetry::http::bhttp;
namespace store = telemetry::store;
using telemetry::fuzz::require;

constexpr std::string_view secret = "secret-outside-the-dashboard-folder";
constexpr std::size_t max_requests_per_input = 8;

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream(path, std::ios::binary) << content;
}

// The dashboard folder, with a secret next to it and two symlinks that lead out of it.
std::string make_dashboard(const std::string& base) {
  const std::filesystem::path www = base + "/www";
  std::filesystem::create_directories(www / "assets");
  write_file(www / "index.html", "<!doctype html><title>Telemetry</title><div id=\"root\"></div>");
  write_file(www / "assets/index-4f2a9c1e.js", "console.log('dashboard');");
  write_file(www / "assets/index-0b7d3e55.css", "body{margin:0}");
  write_file(www / "favicon.svg", R"(<svg xmlns="http://www.w3.org/2000/svg"/>)");
  write_file(base + "/secret.txt", secret);
  std::filesystem::create_symlink("../secret.txt", www / "leak.txt");
  std::filesystem::create_directory_symlink("..", www / "up");
  return www.string();
}

// A backend as backend_app wires it for HTTP, without MQTT and sockets.
struct backend {
  telemetry::testing::temp_dir dir;
  std::string www = make_dashboard(dir.path());
  store::sqlite_store db{dir.path() + "/telemetry.db"};
  telemetry::ingest::series_registry registry;
  telemetry::live::recent_window window{std::chrono::hours(1)};
  telemetry::live::replay_buffer replay{1000, std::chrono::minutes(10), 1};
  store::store_writer_stats writer_stats;
  telemetry::ingest::ingest_stats ingest_stats;
  telemetry::ingest::reject_counters rejects;
  http::broadcaster hub{16, std::chrono::milliseconds(0)};
  http::api_context context{registry, window,       replay,
                            db,       writer_stats, ingest_stats,
                            rejects,  hub,          [] { return true; },
                            {},       {},           "https://dashboard.example"};
  http::api_handlers api{context};
  http::static_files files{www};
  boost::asio::thread_pool queries{1};
  http::http_services services{context, api, &files, http::http_server_options{}.limits, queries.get_executor()};

  backend() {
    spdlog::set_level(spdlog::level::off);
    const auto now = telemetry::wall_clock_ms();
    const std::vector<std::pair<std::string, telemetry::series_meta>> series{
        {"electrolyzer-1/power_input", {"Power Input", "kW", 0.0, 1200.0, "DC power into the stack"}},
        {"electrolyzer-1/temperature", {"Temperature", "\u00b0C", std::nullopt, 90.0, ""}},
        {"pump-2/flow", {}}};
    std::vector<store::point> fresh;
    for (std::size_t s = 0; s < series.size(); ++s) {
      const auto& [key, meta] = series[s];
      const auto id = *telemetry::parse_series_id(key);
      // Two hours ago to an hour ago in the store, the last ten minutes in the window.
      store::series_points old{key, {}};
      for (int i = 0; i < 60; ++i)
        old.points.push_back({now - 7'200'000 + i * 60'000, 500.0 + i + 0.25 * static_cast<double>(s)});
      if (!db.write({&old, 1}).ok()) throw std::runtime_error("cannot write the fuzz store");
      std::vector<store::point> recent;
      for (int i = 0; i < 60; ++i) recent.push_back({now - 600'000 + i * 10'000, (i % 7) * 1.5 - 2.0});
      window.insert(key, recent, now, fresh);
      if (!meta.name.empty()) registry.update_meta(id, meta);
      registry.observe(id, recent.back());
      replay.push({0, key, recent, now});
    }
  }
};

bool has_crlf(boost::beast::string_view text) {
  return std::string_view(text.data(), text.size()).find_first_of(std::string_view("\r\n\0", 3)) !=
         std::string_view::npos;
}

// `input` is the whole input: a request may carry the secret text itself (libFuzzer learns it
// from the comparison below), and an error message may quote it back.
void check_answer(std::string_view input, const http::request& req, const http::response& res) {
  require(res.result_int() >= 200 && res.result_int() < 500, "answer: no 5xx for a request");
  for (const auto& field : res) {
    require(!has_crlf(field.name_string()) && !has_crlf(field.value()), "answer: header without CR/LF");
  }
  const auto length = res[bhttp::field::content_length];
  require(!length.empty(), "answer: Content-Length set");
  if (req.method() == bhttp::verb::head) {
    require(res.body().empty(), "answer: no body for HEAD");
  } else {
    require(length == std::to_string(res.body().size()), "answer: Content-Length matches the body");
  }
  require(res.body().find(secret) == std::string::npos || input.find(secret) != std::string_view::npos,
          "answer: nothing from outside the dashboard folder");
  if (res[bhttp::field::content_type] == "application/json" && req.method() != bhttp::verb::head) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    require(parser.parse(res.body()).get(root) == simdjson::SUCCESS, "answer: JSON body parses");
  }
}

bool is_stream(const http::request& req) {
  const auto target = std::string_view(req.target().data(), req.target().size());
  return req.method() == bhttp::verb::get && target.substr(0, target.find('?')) == "/api/stream";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static backend server;
  const auto input = telemetry::fuzz::as_text(data, size);
  auto rest = input;
  for (std::size_t n = 0; n < max_requests_per_input && !rest.empty(); ++n) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(server.services.limits.max_header_bytes);
    parser.body_limit(server.services.limits.max_body_bytes);
    parser.eager(true);
    http::error_code ec;
    while (!parser.is_done()) {
      const auto used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
      rest.remove_prefix(used);
      // Beast wants more than is left (need_more) or took nothing: as for a client that closed
      // mid-request. Putting the same bytes again would break the parser's contract.
      if (ec == bhttp::error::need_more || (!ec && used == 0)) parser.put_eof(ec);
      if (ec || (used == 0 && !parser.is_done())) return 0;  // the server answers 400/413/431 or closes
    }
    auto req = parser.release();
    if (is_stream(req)) return 0;  // the connection becomes an SSE session
    auto res = http::answer(req, server.services);
    res.keep_alive(req.keep_alive());
    check_answer(input, req, res);
    if (!res.keep_alive()) break;
  }
  return 0;
}
