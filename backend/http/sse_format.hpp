#pragma once
// Server-Sent Events framing of design.md. Pure text functions, so the wire format is tested
// without sockets.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "live/live_batch.hpp"

namespace telemetry::http {

inline constexpr std::string_view sse_retry_line = "retry: 2000\n\n";
inline constexpr std::string_view sse_heartbeat = ": hb\n\n";

// The response head of a stream (HTTP/1.1, no length: the body ends when the connection does).
[[nodiscard]] std::string sse_response_head(std::string_view cors_origin);

// One `samples` event carrying `batches` (already filtered), with the id of `last_seq`.
void append_samples_event(std::string& out, std::span<const live::live_batch_ptr> batches, std::uint64_t last_seq);

// `event: series` with one element of /api/series as data.
void append_series_event(std::string& out, std::string_view series_json);

// `event: reset`: the client must reload history; its id lets a resume start after it.
void append_reset_event(std::string& out, std::uint64_t last_seq);

}  // namespace telemetry::http
