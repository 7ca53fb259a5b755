#pragma once
// The --config file: whether to run the five electrolyzer signals and a list of generic ones.
//   {"electrolyzer": true,
//    "signals": [{"id": "vibration", "kind": "sine", "name": "Vibration", "unit": "mm/s",
//                 "min": -5, "max": 5, "rate": 20, "amplitude": 3, "period": "30s"}]}
// Every signal needs id, kind, min and max; the parameters each kind takes are listed in
// docs/protocol.md. Unknown keys, keys that do not apply to the kind and out-of-range values
// are errors, so a typo never silently becomes a default.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "generic_signal.hpp"

namespace telemetry::producer {

// A one-line description of what is wrong with the configuration.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct signal_config {
  bool electrolyzer = true;
  std::vector<generic_signal_spec> signals;
};

// Throws config_error.
[[nodiscard]] signal_config parse_signal_config(std::string_view json);
// Reads and parses a file; errors name the file. Throws config_error.
[[nodiscard]] signal_config load_signal_config(const std::string& path);

}  // namespace telemetry::producer
