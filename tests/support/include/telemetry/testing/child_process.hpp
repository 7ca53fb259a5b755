#pragma once
// A program started by a test and stopped by its pid: SIGTERM, then SIGKILL after a grace
// period, always reaped. Output goes to a log file so a failing test can show it.
#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace telemetry::testing {

class child_process {
 public:
  child_process(std::vector<std::string> argv, std::string log_path);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  [[nodiscard]] bool running();
  // Sends `signal` and waits for the exit; returns the exit status as waitpid gives it.
  int stop(int signal, std::chrono::milliseconds grace = std::chrono::seconds(10));
  // Waits for the process to exit by itself; returns its exit code, or -1 on timeout.
  int wait_exit(std::chrono::milliseconds timeout);
  [[nodiscard]] std::string log() const;

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  std::string log_path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
[[nodiscard]] int free_port();

// True once something accepts TCP connections on 127.0.0.1:port.
[[nodiscard]] bool wait_for_port(int port, std::chrono::milliseconds timeout);

// A fresh directory under TMPDIR, removed with its contents on destruction.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace telemetry::testing
