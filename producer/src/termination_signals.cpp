#include "termination_signals.hpp"

#include <pthread.h>

#include <cerrno>
#include <ctime>
#include <system_error>

namespace telemetry::producer {

termination_signals::termination_signals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  if (const int error = pthread_sigmask(SIG_BLOCK, &set_, nullptr); error != 0) {
    throw std::system_error(error, std::generic_category(), "pthread_sigmask");
  }
}

std::optional<int> termination_signals::wait_for(std::chrono::milliseconds timeout) {
  const auto ms = std::max<std::int64_t>(timeout.count(), 0);
  const timespec wait{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1'000'000)};
  const int signal = sigtimedwait(&set_, nullptr, &wait);
  if (signal > 0) return signal;
  return std::nullopt;  // EAGAIN on timeout, EINTR on an unrelated signal
}

}  // namespace telemetry::producer
