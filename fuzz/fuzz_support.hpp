#pragma once
// What every fuzz target shares: the input as text, and property checks that abort (so
// libFuzzer saves the input as a crash) with a message saying which property broke.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace telemetry::fuzz {

[[nodiscard]] inline std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept {
  return {reinterpret_cast<const char*>(data), size};
}

inline void require(bool condition, std::string_view property) {
  if (condition) return;
  std::fprintf(stderr, "property violated: %.*s\n", static_cast<int>(property.size()), property.data());
  std::abort();
}

}  // namespace telemetry::fuzz
