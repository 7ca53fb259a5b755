#include "signal_config.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "electrolyzer_model.hpp"
#include "telemetry/common/duration.hpp"
#include "telemetry/common/series_id.hpp"
#include "tick_grid.hpp"

namespace telemetry::producer {
namespace {

using simdjson::dom::element;

const std::set<std::string_view> common_keys{"id", "kind", "name", "unit", "description", "min", "max", "rate"};

const std::map<generic_kind, std::set<std::string_view>>& kind_keys() {
  static const std::map<generic_kind, std::set<std::string_view>> keys{
      {generic_kind::sine, {"amplitude", "period", "offset", "phase"}},
      {generic_kind::square, {"period", "low", "high", "duty"}},
      {generic_kind::random_walk, {"step", "start"}},
      {generic_kind::uniform, {"low", "high"}},
      {generic_kind::gaussian, {"mean", "stddev"}},
  };
  return keys;
}

// Reads the fields of one signal object, prefixing every error with which signal it is.
class signal_reader {
 public:
  signal_reader(simdjson::dom::object object, std::string where) : object_(object), where_(std::move(where)) {}

  [[noreturn]] void fail(std::string_view problem) const { throw config_error(fmt::format("{}: {}", where_, problem)); }

  [[nodiscard]] bool has(std::string_view key) const {
    element ignored;
    return object_[key].get(ignored) == simdjson::SUCCESS;
  }

  [[nodiscard]] std::string text(std::string_view key, std::string_view fallback, bool required = false) const {
    element field;
    if (object_[key].get(field) != simdjson::SUCCESS) {
      if (required) fail(fmt::format("missing field '{}'", key));
      return std::string(fallback);
    }
    std::string_view value;
    if (field.get_string().get(value) != simdjson::SUCCESS) fail(fmt::format("'{}' must be a string", key));
    if (value.size() > max_meta_text_length)
      fail(fmt::format("'{}' is longer than {} characters", key, max_meta_text_length));
    return std::string(value);
  }

  [[nodiscard]] std::optional<double> number(std::string_view key, bool required = false) const {
    element field;
    if (object_[key].get(field) != simdjson::SUCCESS) {
      if (required) fail(fmt::format("missing field '{}'", key));
      return std::nullopt;
    }
    double value = 0;
    if (!(field.is_double() || field.is_int64() || field.is_uint64()) ||
        field.get_double().get(value) != simdjson::SUCCESS || !std::isfinite(value)) {
      fail(fmt::format("'{}' must be a finite number", key));
    }
    return value;
  }

  // A number of seconds or a duration string ("30s", "15m").
  [[nodiscard]] std::chrono::milliseconds duration(std::string_view key) const {
    element field;
    if (object_[key].get(field) != simdjson::SUCCESS) fail(fmt::format("missing field '{}'", key));
    std::optional<std::chrono::milliseconds> parsed;
    if (std::string_view text; field.get_string().get(text) == simdjson::SUCCESS) {
      parsed = parse_duration(text);
    } else if (const auto seconds = number(key); *seconds >= 0) {
      parsed = parse_duration(fmt::format("{}", *seconds));
    }
    if (!parsed || parsed->count() <= 0) fail(fmt::format("'{}' must be a positive duration such as \"30s\"", key));
    return *parsed;
  }

 private:
  simdjson::dom::object object_;
  std::string where_;
};

generic_signal_spec read_signal(simdjson::dom::object object, std::size_t index) {
  std::string where = fmt::format("signal {}", index + 1);
  {
    element field;
    std::string_view id;
    if (object["id"].get(field) == simdjson::SUCCESS && field.get_string().get(id) == simdjson::SUCCESS) {
      where = fmt::format("signal '{}'", id);
    }
  }
  const signal_reader r(object, where);

  generic_signal_spec spec;
  spec.id = r.text("id", "", true);
  if (!is_valid_signal(spec.id)) {
    r.fail(fmt::format("bad id '{}' (expected [a-z0-9][a-z0-9_-]{{0,63}}, not '{}')", spec.id, status_segment));
  }
  const auto kind_text = r.text("kind", "", true);
  const auto kind = parse_generic_kind(kind_text);
  if (!kind)
    r.fail(fmt::format("unknown kind '{}' (expected sine, square, random_walk, uniform or gaussian)", kind_text));
  spec.kind = *kind;

  for (const auto field : object) {
    if (!common_keys.contains(field.key) && !kind_keys().at(spec.kind).contains(field.key)) {
      r.fail(fmt::format("unknown field '{}' for kind {}", field.key, kind_text));
    }
  }

  spec.meta.name = r.text("name", spec.id);
  spec.meta.unit = r.text("unit", "");
  spec.meta.description = r.text("description", "");
  const double lo = *r.number("min", true);
  const double hi = *r.number("max", true);
  if (!(lo < hi)) r.fail("'min' must be less than 'max'");
  spec.meta.min = lo;
  spec.meta.max = hi;
  if (const auto rate = r.number("rate")) {
    if (!tick_grid::from_hz(*rate)) r.fail(fmt::format("'rate' must be in (0, 1000] Hz, got {}", *rate));
    spec.rate_hz = rate;
  }

  const double middle = (lo + hi) / 2;
  const auto within = [&](std::string_view key, double value) {
    if (value < lo || value > hi) r.fail(fmt::format("'{}' {} is outside [min, max] = [{}, {}]", key, value, lo, hi));
  };
  switch (spec.kind) {
    case generic_kind::sine:
      spec.amplitude = *r.number("amplitude", true);
      if (spec.amplitude < 0) r.fail("'amplitude' must not be negative");
      spec.period = r.duration("period");
      spec.offset = r.number("offset").value_or(middle);
      spec.phase_deg = r.number("phase").value_or(0);
      within("offset - amplitude", spec.offset - spec.amplitude);
      within("offset + amplitude", spec.offset + spec.amplitude);
      break;
    case generic_kind::square:
      spec.period = r.duration("period");
      spec.duty = r.number("duty").value_or(0.5);
      if (!(spec.duty > 0 && spec.duty < 1)) r.fail("'duty' must be between 0 and 1");
      [[fallthrough]];
    case generic_kind::uniform:
      spec.low = r.number("low").value_or(lo);
      spec.high = r.number("high").value_or(hi);
      if (spec.low > spec.high) r.fail("'low' must not exceed 'high'");
      within("low", spec.low);
      within("high", spec.high);
      break;
    case generic_kind::random_walk:
      spec.step = *r.number("step", true);
      if (!(spec.step > 0)) r.fail("'step' must be positive");
      spec.start = r.number("start").value_or(middle);
      within("start", spec.start);
      break;
    case generic_kind::gaussian:
      spec.stddev = *r.number("stddev", true);
      if (!(spec.stddev > 0)) r.fail("'stddev' must be positive");
      spec.mean = r.number("mean").value_or(middle);
      within("mean", spec.mean);
      break;
  }
  return spec;
}

}  // namespace

signal_config parse_signal_config(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  element root;
  if (const auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
    throw config_error(fmt::format("not valid JSON ({})", simdjson::error_message(error)));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) throw config_error("the top level must be a JSON object");

  signal_config config;
  for (const auto field : object) {
    if (field.key != "electrolyzer" && field.key != "signals") {
      throw config_error(fmt::format("unknown top-level field '{}' (expected electrolyzer, signals)", field.key));
    }
  }
  if (element field; object["electrolyzer"].get(field) == simdjson::SUCCESS) {
    if (field.get_bool().get(config.electrolyzer) != simdjson::SUCCESS) {
      throw config_error("'electrolyzer' must be true or false");
    }
  }
  simdjson::dom::array signals;
  if (element field; object["signals"].get(field) == simdjson::SUCCESS) {
    if (field.get_array().get(signals) != simdjson::SUCCESS) throw config_error("'signals' must be an array");
  } else {
    throw config_error("missing field 'signals'");
  }

  std::set<std::string> ids;
  if (config.electrolyzer) {
    for (const auto& i : electrolyzer_signals()) ids.emplace(i.id);
  }
  std::size_t index = 0;
  for (const auto item : signals) {
    simdjson::dom::object signal;
    if (item.get_object().get(signal) != simdjson::SUCCESS) {
      throw config_error(fmt::format("signal {}: must be a JSON object", index + 1));
    }
    auto spec = read_signal(signal, index++);
    if (!ids.insert(spec.id).second) {
      throw config_error(fmt::format("signal '{}': duplicate id", spec.id));
    }
    config.signals.push_back(std::move(spec));
  }
  if (!config.electrolyzer && config.signals.empty()) throw config_error("no signals to publish");
  return config;
}

signal_config load_signal_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config_error(fmt::format("config {}: cannot be read", path));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return parse_signal_config(text.str());
  } catch (const config_error& e) {
    throw config_error(fmt::format("config {}: {}", path, e.what()));
  }
}

}  // namespace telemetry::producer
