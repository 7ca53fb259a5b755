# The project's commands. `make run` and `make test` are the two a user needs.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
# CI builds treat warnings as errors.
export TELEMETRY_WERROR ?= $(if $(CI),ON,OFF)
CXX_SOURCES = $(shell git ls-files '*.cpp' '*.hpp' 2>/dev/null)
COMPOSE = deploy/docker-compose.yml

.PHONY: bootstrap build build-asan build-tsan frontend test test-cpp test-asan test-tsan test-frontend test-e2e test-deploy format-check \
        format lint run bench bench-compare clean up down

bootstrap:
	@scripts/bootstrap

# The benchmarks are built by `make bench` only, so `make test` compiles what it runs.
build:
	@cmake --preset release -DTELEMETRY_BUILD_BENCH=OFF >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-asan:
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

# ThreadSanitizer on the parts many threads share (broadcaster, ingest pipeline, store writer).
build-tsan:
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS)

frontend:
	@cd frontend && npm run --silent build

test: bootstrap format-check build test-cpp test-asan test-tsan test-frontend test-e2e test-deploy test-faults-short test-fuzz
	@echo "make test: all suites passed"

test-cpp: build
	@ctest --preset release -j $(JOBS) --timeout 300

# The C++ unit and integration tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: build-asan
	@ctest --preset asan -j $(JOBS) --timeout 600

test-tsan: build-tsan
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" build-tsan/bin/backend_concurrency_tests --gtest_brief=1

test-frontend:
	@cd frontend && npm run --silent typecheck && npm run --silent lint && npm test --silent && npm run --silent build

# The whole stack on free loopback ports, driven in Debian's chromium (tests/e2e/README.md).
test-e2e: build frontend
	@node tests/e2e/run.mjs

test-deploy:
	@tests/deploy/check-compose

# Faults on the real stack: restarts, outages, a locked or stalled store, bad clients
# (tests/faults/README.md). The short version of each runs in `make test`.
.PHONY: test-faults test-faults-short
test-faults: build
	@tests/faults/run

test-faults-short: build
	@tests/faults/run --short

# libFuzzer targets under clang with ASan + UBSan (fuzz/README.md): `make fuzz` fuzzes each one
# for FUZZ_SECONDS on a scratch copy of its seeds; `make test-fuzz` replays the committed seeds.
.PHONY: build-fuzz fuzz test-fuzz
FUZZ_SECONDS ?= 60

build-fuzz:
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)

fuzz: build-fuzz
	@scripts/fuzz run $(FUZZ_SECONDS)

test-fuzz: build-fuzz
	@scripts/fuzz check

format-check:
	@clang-format --dry-run --Werror $(CXX_SOURCES)

format:
	@clang-format -i $(CXX_SOURCES)

lint: format-check build
	@clang-tidy -p build --quiet $(filter %.cpp,$(CXX_SOURCES))

run: bootstrap build frontend
	@scripts/run-local

bench:
	@cmake --preset release -DTELEMETRY_BUILD_BENCH=ON >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@scripts/bench

# Side by side with InfluxDB and VictoriaMetrics on the same data; installs both with apt (bench/README.md).
bench-compare:
	@scripts/bench-compare

up:
	@docker compose -f $(COMPOSE) up --build -d 2>/dev/null || docker-compose -f $(COMPOSE) up --build -d

down:
	@docker compose -f $(COMPOSE) down 2>/dev/null || docker-compose -f $(COMPOSE) down

clean:
	@rm -rf build build-debug build-asan build-tsan build-fuzz frontend/dist
