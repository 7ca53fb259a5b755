# TELEMETRY_SANITIZE=address,undefined or thread instruments every target of the build.
if(TELEMETRY_SANITIZE)
  add_compile_options(-fsanitize=${TELEMETRY_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TELEMETRY_SANITIZE})
  # clang 14's -fsanitize=function (part of undefined) cannot compile coroutines ("Cannot
  # represent a difference across sections"); the HTTP sessions are coroutines.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND TELEMETRY_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize=function)
  endif()
endif()
# TELEMETRY_BUILD_FUZZ adds libFuzzer's coverage instrumentation to every target, so the fuzz
# targets see the edges of the library code they call; fuzz/ links the fuzzer runtime itself.
if(TELEMETRY_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TELEMETRY_BUILD_FUZZ needs clang (libFuzzer); use the fuzz preset")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
