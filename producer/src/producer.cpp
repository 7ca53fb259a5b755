#include "producer.hpp"

#include <spdlog/spdlog.h>

#include "telemetry/common/series_id.hpp"

namespace telemetry::producer {

producer::producer(std::string source, std::vector<std::unique_ptr<signal_source>> signals, sample_sink& sink)
    : source_(std::move(source)), signals_(std::move(signals)), sink_(sink) {}

producer::~producer() {
  stop();
}

void producer::start(const runner_settings& settings) {
  running_ = signals_.size();
  for (const auto& signal : signals_) {
    runners_.push_back(
        std::make_unique<signal_runner>(*signal, sample_topic(series_id{source_, signal->id()}), sink_, settings));
  }
  for (const auto& runner : runners_) {
    threads_.emplace_back([this, r = runner.get()](const std::stop_token& stop) {
      try {
        r->run(stop);
      } catch (const std::exception& e) {  // a thread must not take the process down
        spdlog::error("signal thread {} stopped: {}", r->topic(), e.what());
      }
      running_.fetch_sub(1);
    });
  }
}

bool producer::finished() const noexcept {
  return running_.load() == 0;
}

void producer::stop() {
  for (auto& thread : threads_) thread.request_stop();
  threads_.clear();  // jthread joins on destruction
}

}  // namespace telemetry::producer
