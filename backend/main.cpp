// telemetry-backend: flags in, objects wired, run until SIGINT or SIGTERM.
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include "app/backend_app.hpp"
#include "app/backend_config.hpp"

int main(int argc, char** argv) {
  // Block the stop signals in every thread; main waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    auto parsed = telemetry::app::parse_backend_config(argc, argv);
    if (const auto* exit_code = std::get_if<int>(&parsed)) return *exit_code;
    const auto& config = std::get<telemetry::app::backend_config>(parsed);
    spdlog::set_level(spdlog::level::from_str(config.log_level));
    telemetry::app::backend_app app(config);
    app.start();
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("stop: signal {} received", received);
    app.stop();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "telemetry-backend: error: %s\n", e.what());
    return 2;
  }
}
