// The data set of the side-by-side comparison (bench/harness/compare.py): the producer's own
// electrolyzer models, sampled on the producer's 10 Hz tick grid, written once in each system's
// native write format so that every system stores exactly the same samples.
//
//   compare_dataset --dataset a|b --end-ms T --batch 5000 --out DIR
//
//   a: 5 series (electrolyzer-1, seed 1: the default producer) x 1 h at 10 Hz   =   180,000 samples
//   b: 1,000 series (electrolyzer-1..200 with seeds 1..200, 5 signals each) x 10 min = 6,000,000
//
// Samples have ts in (T - span, T], T a multiple of 100 ms. A batch holds `batch` consecutive
// samples of one series; batches take the series in turn (series 0 chunk 0, series 1 chunk 0,
// ...), as a feed that catches up would send them. DIR receives:
//   mqtt.bin     per batch: u32 topic length, topic, u32 payload length, payload (design.md JSON)
//   lines.bin    per batch: u32 length, InfluxDB line protocol, one line per sample, ns timestamps
//   dataset.json the series, the range, the counts and each series' exact min, max, mean, p95
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "electrolyzer_source.hpp"
#include "telemetry/common/json_writer.hpp"
#include "telemetry/common/payload_codec.hpp"
#include "tick_grid.hpp"

namespace {

using namespace telemetry;

struct options {
  std::string dataset = "a";
  timestamp_ms end_ms = 0;
  std::size_t batch = 5000;
  std::string out;
};

struct series_data {
  std::string source;
  std::string signal;
  std::vector<sample> samples;
};

class output_file {
 public:
  explicit output_file(const std::string& path) : file_(std::fopen(path.c_str(), "wb")) {
    if (file_ == nullptr) throw std::runtime_error("cannot write " + path);
  }
  ~output_file() {
    if (file_ != nullptr) std::fclose(file_);
  }
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;

  void frame(std::string_view bytes) {
    const auto size = static_cast<std::uint32_t>(bytes.size());
    write(&size, sizeof size);  // little-endian on every machine this runs on
    write(bytes.data(), bytes.size());
  }
  void write(const void* data, std::size_t size) {
    if (std::fwrite(data, 1, size, file_) != size) throw std::runtime_error("short write");
  }

 private:
  std::FILE* file_;
};

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--dataset") {
      o.dataset = value;
    } else if (flag == "--end-ms") {
      o.end_ms = std::stoll(value);
    } else if (flag == "--batch") {
      o.batch = std::stoul(value);
    } else if (flag == "--out") {
      o.out = value;
    } else {
      throw std::runtime_error(fmt::format("unknown flag {}", flag));
    }
  }
  if ((o.dataset != "a" && o.dataset != "b") || o.end_ms <= 0 || o.batch == 0 || o.out.empty()) {
    throw std::runtime_error("usage: compare_dataset --dataset a|b --end-ms T [--batch 5000] --out DIR");
  }
  return o;
}

std::vector<series_data> generate(const options& o) {
  const int sources = o.dataset == "a" ? 1 : 200;
  const timestamp_ms span = o.dataset == "a" ? 3'600'000 : 600'000;
  const producer::tick_grid grid(10'000);  // 10 Hz
  const auto end = o.end_ms - o.end_ms % 100;
  const auto first_k = grid.first_at_or_after(end - span + 1);
  const auto last_k = grid.first_at_or_after(end + 1) - 1;
  std::vector<series_data> out;
  for (int s = 1; s <= sources; ++s) {
    auto signals = producer::make_electrolyzer_sources(static_cast<std::uint64_t>(s), grid);
    for (auto& signal : signals) {
      series_data data{fmt::format("electrolyzer-{}", s), signal->id(), {}};
      data.samples.reserve(static_cast<std::size_t>(last_k - first_k + 1));
      for (auto k = first_k; k <= last_k; ++k) {
        const auto ts = grid.ts(k);
        data.samples.push_back({ts, signal->value(k, ts), std::nullopt});
      }
      out.push_back(std::move(data));
    }
  }
  return out;
}

void append_line(std::string& out, const series_data& series, const sample& s) {
  out += "telemetry,source=";
  out += series.source;
  out += ",signal=";
  out += series.signal;
  out += " value=";
  json::append_number(out, s.value);
  out += ' ';
  json::append_number(out, s.ts);
  out += "000000\n";
}

// numpy's default percentile: linear interpolation between closest ranks.
double percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double rank = q * static_cast<double>(values.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(rank));
  const auto upper = std::min(lower + 1, values.size() - 1);
  return values[lower] + (rank - static_cast<double>(lower)) * (values[upper] - values[lower]);
}

void write_all(const options& o, const std::vector<series_data>& all) {
  output_file mqtt(o.out + "/mqtt.bin");
  output_file lines(o.out + "/lines.bin");
  std::size_t batches = 0, max_payload = 0, total = 0;
  std::string topic, payload, text;
  for (std::size_t chunk = 0;; ++chunk) {
    bool any = false;
    for (const auto& series : all) {
      const auto begin = chunk * o.batch;
      if (begin >= series.samples.size()) continue;
      any = true;
      const auto count = std::min(o.batch, series.samples.size() - begin);
      const std::span<const sample> part(series.samples.data() + begin, count);
      topic = fmt::format("telemetry/{}/{}", series.source, series.signal);
      payload = encode_samples(part);
      text.clear();
      for (const auto& s : part) append_line(text, series, s);
      mqtt.frame(topic);
      mqtt.frame(payload);
      lines.frame(text);
      ++batches;
      total += count;
      max_payload = std::max(max_payload, payload.size());
    }
    if (!any) break;
  }

  std::string json = "{\"dataset\":";
  json::append_string(json, o.dataset);
  fmt::format_to(std::back_inserter(json),
                 ",\"rate_hz\":10,\"batch\":{},\"batches\":{},\"samples\":{},\"max_payload_bytes\":{},"
                 "\"first_ts\":{},\"last_ts\":{},\"series\":[",
                 o.batch, batches, total, max_payload, all.front().samples.front().ts, all.front().samples.back().ts);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& series = all[i];
    std::vector<double> values;
    values.reserve(series.samples.size());
    double sum = 0;
    for (const auto& s : series.samples) {
      values.push_back(s.value);
      sum += s.value;
    }
    if (i > 0) json += ',';
    json += "{\"source\":";
    json::append_string(json, series.source);
    json += ",\"signal\":";
    json::append_string(json, series.signal);
    fmt::format_to(std::back_inserter(json), ",\"count\":{},\"min\":", values.size());
    json::append_number(json, *std::min_element(values.begin(), values.end()));
    json += ",\"max\":";
    json::append_number(json, *std::max_element(values.begin(), values.end()));
    json += ",\"mean\":";
    json::append_number(json, sum / static_cast<double>(values.size()));
    json += ",\"p95\":";
    json::append_number(json, percentile(values, 0.95));
    json += '}';
  }
  json += "]}\n";
  output_file manifest(o.out + "/dataset.json");
  manifest.write(json.data(), json.size());
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto o = parse(argc, argv);
    const auto all = generate(o);
    write_all(o, all);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "compare_dataset: %s\n", e.what());
    return 2;
  }
}
