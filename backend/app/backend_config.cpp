#include "app/backend_config.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <stdexcept>

#include "store/store_url.hpp"
#include "telemetry/common/duration.hpp"

namespace telemetry::app {
namespace {

// A duration flag: text like "1h" or "500ms" parsed into `target`.
void add_duration(CLI::App& cli, const std::string& flag, const std::string& env, std::chrono::milliseconds& target,
                  const std::string& help) {
  cli.add_option_function<std::string>(
         flag,
         [&target, flag](const std::string& text) {
           const auto parsed = parse_duration(text);
           if (!parsed)
             throw CLI::ValidationError(flag, fmt::format("'{}' is not a duration like 500ms, 90s, 15m, 1h, 7d", text));
           target = *parsed;
         },
         help)
      ->envname(env)
      ->default_str(fmt::format("{}ms", target.count()));
}

void parse_host_port(const std::string& text, backend_config& config) {
  const auto colon = text.rfind(':');
  std::uint16_t port = 0;
  const auto* begin = text.data() + (colon == std::string::npos ? 0 : colon + 1);
  const auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), port);
  if (colon == std::string::npos || colon == 0 || ec != std::errc{} || ptr != text.data() + text.size()) {
    throw std::runtime_error(fmt::format("--http '{}': expected HOST:PORT, e.g. 127.0.0.1:8080", text));
  }
  config.http_host = text.substr(0, colon);
  if (config.http_host.size() > 2 && config.http_host.front() == '[') {
    config.http_host = config.http_host.substr(1, config.http_host.size() - 2);
  }
  config.http_port = port;
}

}  // namespace

std::variant<backend_config, int> parse_backend_config(int argc, char** argv) {
  backend_config config;
  CLI::App cli{"telemetry-backend: ingests telemetry from MQTT, stores it, and serves it live (SSE) and as history"};
  cli.option_defaults()->always_capture_default();
  cli.add_option("--broker", config.broker, "MQTT broker URI")->envname("TELEMETRY_BROKER");
  cli.add_option("--client-id", config.client_id, "MQTT client id (fixed: the broker keeps its session)")
      ->envname("TELEMETRY_CLIENT_ID");
  cli.add_option("--store", config.store, "sqlite:PATH or mongodb://HOST:PORT/DB")->envname("TELEMETRY_STORE");
  cli.add_option("--journal", config.journal, "ingest journal file (default: beside the SQLite file)")
      ->envname("TELEMETRY_JOURNAL");
  add_duration(cli, "--window", "TELEMETRY_WINDOW", config.window, "recent window held in memory");
  add_duration(cli, "--retention", "TELEMETRY_RETENTION", config.retention, "how long samples are kept");
  add_duration(cli, "--max-future", "TELEMETRY_MAX_FUTURE", config.max_future,
               "samples further ahead than this are rejected");
  cli.add_option("--max-payload", config.max_payload_bytes, "largest MQTT payload accepted, bytes")
      ->envname("TELEMETRY_MAX_PAYLOAD")
      ->check(CLI::Range(std::size_t{64}, std::size_t{64} * 1024 * 1024));
  cli.add_option("--flush-samples", config.flush_samples, "store batch size, samples")
      ->envname("TELEMETRY_FLUSH_SAMPLES")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  add_duration(cli, "--flush-interval", "TELEMETRY_FLUSH_INTERVAL", config.flush_interval,
               "longest wait before a store batch is written");
  cli.add_option("--queue-samples", config.queue_samples, "samples queued for the store before ingest waits")
      ->envname("TELEMETRY_QUEUE_SAMPLES")
      ->check(CLI::Range(std::size_t{1000}, std::size_t{1'000'000'000}));
  std::string http = "127.0.0.1:8080";
  cli.add_option("--http", http, "HTTP listen address HOST:PORT")->envname("TELEMETRY_HTTP");
  cli.add_option("--http-threads", config.http_threads, "HTTP server threads")
      ->envname("TELEMETRY_HTTP_THREADS")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  add_duration(cli, "--http-read-timeout", "TELEMETRY_HTTP_READ_TIMEOUT", config.http_read_timeout,
               "a connection that sends no complete request for this long is closed");
  cli.add_option("--static", config.static_dir, "folder of the built dashboard to serve")
      ->envname("TELEMETRY_STATIC")
      ->check(CLI::ExistingDirectory);
  cli.add_option("--cors-origin", config.cors_origin, "origin allowed to call the API from a browser (default: none)")
      ->envname("TELEMETRY_CORS_ORIGIN");
  add_duration(cli, "--sse-coalesce", "TELEMETRY_SSE_COALESCE", config.coalesce,
               "live stream: batch samples per client for this long (0: send at once)");
  add_duration(cli, "--sse-heartbeat", "TELEMETRY_SSE_HEARTBEAT", config.heartbeat, "live stream heartbeat interval");
  cli.add_option("--replay-batches", config.replay_batches, "batches kept for stream resume")
      ->envname("TELEMETRY_REPLAY_BATCHES")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  add_duration(cli, "--replay-age", "TELEMETRY_REPLAY_AGE", config.replay_age, "oldest batch kept for stream resume");
  cli.add_option("--max-clients", config.max_clients, "most live stream connections")
      ->envname("TELEMETRY_MAX_CLIENTS")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  cli.add_option("--history-cache-mb", config.history_cache_mb,
                 "memory for the text of recent minutes reused by /api/history, MiB (0: off)")
      ->envname("TELEMETRY_HISTORY_CACHE_MB")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1024} * 1024));
  cli.add_option("--log-level", config.log_level, "trace, debug, info, warn, error")
      ->envname("TELEMETRY_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    throw std::runtime_error(e.what());
  }
  parse_host_port(http, config);
  if (config.window.count() <= 0) throw std::runtime_error("--window must be longer than 0");
  if (config.retention < config.window) throw std::runtime_error("--retention must be at least --window");
  if (config.http_read_timeout.count() <= 0) throw std::runtime_error("--http-read-timeout must be longer than 0");
  if (config.journal.empty()) {
    const auto sqlite = store::sqlite_path(config.store);
    config.journal = sqlite.empty() ? "data/ingest.journal" : sqlite + "-ingest.journal";
  }
  return config;
}

}  // namespace telemetry::app
