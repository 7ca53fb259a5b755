# Project-wide warnings, attached to every target through one INTERFACE library. -Werror (CI)
# applies to the release and debug builds; the sanitizer and fuzz builds (other flags, another
# compiler) report their warnings without failing on them, since they add false positives.
add_library(telemetry_warnings INTERFACE)
add_library(telemetry::warnings ALIAS telemetry_warnings)
target_compile_options(telemetry_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)
if(TELEMETRY_WERROR)
  target_compile_options(telemetry_warnings INTERFACE -Werror)
endif()
# GCC 12 at -O1 with sanitizers reports Asio's coroutine frames (allocated by the frame's own
# operator new, freed by its operator delete) as mismatched; release builds do not see it.
if(TELEMETRY_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(telemetry_warnings INTERFACE -Wno-mismatched-new-delete)
endif()
