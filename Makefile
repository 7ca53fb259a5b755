# The project's commands. `make run` and `make test` are the two a user needs.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
# CI builds treat warnings as errors.
export TELEMETRY_WERROR ?= $(if $(CI),ON,OFF)
CXX_SOURCES = $(shell git ls-files '*.cpp' '*.hpp' 2>/dev/null)

.PHONY: bootstrap build build-asan test test-cpp test-asan test-frontend test-deploy format-check lint format \
        run bench clean frontend up down

bootstrap:
	@scripts/bootstrap

build:
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-asan:
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

test: bootstrap format-check build test-cpp test-frontend test-deploy
	@echo "make test: all suites passed"

test-cpp: build
	@ctest --preset release -j $(JOBS) --timeout 300

test-asan: build-asan
	@ctest --preset asan -j $(JOBS) --timeout 600

test-test-deploy:
	@tests/deploy/check-compose

up:
	@docker compose -f deploy/docker-compose.yml up --build -d 2>/dev/null || docker-compose -f deploy/docker-compose.yml up --build -d

down:
	@docker compose -f deploy/docker-compose.yml down 2>/dev/null || docker-compose -f deploy/docker-compose.yml down

frontend:
	@if [[ -f frontend/package.json ]]; then \
	  cd frontend && npm run --silent typecheck && npm run --silent lint && npm test --silent && npm run --silent build; \
	fi

test-deploy:
	@tests/deploy/check-compose

up:
	@docker compose -f deploy/docker-compose.yml up --build -d 2>/dev/null || docker-compose -f deploy/docker-compose.yml up --build -d

down:
	@docker compose -f deploy/docker-compose.yml down 2>/dev/null || docker-compose -f deploy/docker-compose.yml down

frontend:
	@cd frontend && npm run --silent build

format-check:
	@clang-format --dry-run --Werror $(CXX_SOURCES)

format:
	@clang-format -i $(CXX_SOURCES)

lint: format-check build
	@clang-tidy -p build --quiet $(filter %.cpp,$(CXX_SOURCES))

run: bootstrap build frontend
	@scripts/run-local

bench: build
	@scripts/bench

clean:
	@rm -rf build build-debug build-asan build-tsan frontend/dist
