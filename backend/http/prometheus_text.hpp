#pragma once
// /metrics in the Prometheus text exposition format (version 0.0.4).
#include <string>

#include "http/api_context.hpp"
#include "http/history_text_cache.hpp"

namespace telemetry::http {

[[nodiscard]] std::string render_metrics(const api_context& context, const history_text_cache::counters& history_text);

}  // namespace telemetry::http
