# TELEMETRY_SANITIZE=address,undefined or thread instruments every target of the build.
if(TELEMETRY_SANITIZE)
  add_compile_options(-fsanitize=${TELEMETRY_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TELEMETRY_SANITIZE})
endif()
