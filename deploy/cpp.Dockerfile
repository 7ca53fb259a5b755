# The C++ programs: built on Debian 12 with the same packages as scripts/bootstrap, then
# copied into a slim runtime image. One image serves the backend and the producer targets.
FROM debian:bookworm AS build
COPY deploy/packages/build.txt /tmp/build.txt
RUN apt-get update \
 && grep -v '^#' /tmp/build.txt | xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt CMakePresets.json ./
COPY cmake cmake
COPY common common
COPY producer producer
COPY backend backend
RUN cmake --preset release -DTELEMETRY_BUILD_TESTS=OFF -DTELEMETRY_BUILD_BENCH=OFF \
 && cmake --build --preset release --target telemetry-backend telemetry-producer

FROM debian:bookworm-slim AS runtime
COPY deploy/packages/runtime.txt /tmp/runtime.txt
RUN apt-get update \
 && grep -v '^#' /tmp/runtime.txt | xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/telemetry telemetry
USER telemetry
WORKDIR /var/lib/telemetry

FROM runtime AS backend
COPY --from=build /src/build/bin/telemetry-backend /usr/local/bin/telemetry-backend
ENV TELEMETRY_HTTP=0.0.0.0:8080 \
    TELEMETRY_JOURNAL=/var/lib/telemetry/ingest.journal
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -sf http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["telemetry-backend"]

FROM runtime AS producer
COPY --from=build /src/build/bin/telemetry-producer /usr/local/bin/telemetry-producer
ENTRYPOINT ["telemetry-producer"]
