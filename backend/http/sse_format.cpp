#include "http/sse_format.hpp"

#include <fmt/format.h>

#include "telemetry/common/json_writer.hpp"

namespace telemetry::http {

std::string sse_response_head(std::string_view cors_origin) {
  std::string head =
      "HTTP/1.1 200 OK\r\n"
      "Content-Type: text/event-stream\r\n"
      "Cache-Control: no-cache\r\n"
      "X-Accel-Buffering: no\r\n"
      "X-Content-Type-Options: nosniff\r\n"
      "Connection: close\r\n";
  if (!cors_origin.empty()) head += fmt::format("Access-Control-Allow-Origin: {}\r\n", cors_origin);
  head += "\r\n";
  return head;
}

void append_samples_event(std::string& out, std::span<const live::live_batch_ptr> batches, std::uint64_t last_seq) {
  fmt::format_to(std::back_inserter(out), "event: samples\nid: {}\ndata: {{\"seq\":{},\"samples\":[", last_seq,
                 last_seq);
  bool first = true;
  std::string series_field;
  for (const auto& batch : batches) {
    series_field = R"({"series":)";
    json::append_string(series_field, batch->series);
    series_field += R"(,"ts":)";
    for (const auto& p : batch->points) {
      if (!first) out += ',';
      first = false;
      out += series_field;
      json::append_number(out, p.ts);
      out += R"(,"value":)";
      json::append_number(out, p.value);
      out += '}';
    }
  }
  out += "]}\n\n";
}

void append_series_event(std::string& out, std::string_view series_json) {
  out += "event: series\ndata: ";
  out += series_json;
  out += "\n\n";
}

void append_reset_event(std::string& out, std::uint64_t last_seq) {
  fmt::format_to(std::back_inserter(out), "event: reset\nid: {}\ndata: {{\"seq\":{}}}\n\n", last_seq, last_seq);
}

}  // namespace telemetry::http
