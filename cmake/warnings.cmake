# Project-wide warnings, attached to every target through one INTERFACE library.
add_library(telemetry_warnings INTERFACE)
add_library(telemetry::warnings ALIAS telemetry_warnings)
target_compile_options(telemetry_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)
if(TELEMETRY_WERROR)
  target_compile_options(telemetry_warnings INTERFACE -Werror)
endif()
