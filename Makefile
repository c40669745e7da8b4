# warroom: the two commands a fresh Debian 12 machine needs are
#   make demo   bootstrap, build, start warroomd --demo and the console
#   make test   bootstrap, build, run every test
SHELL := /bin/bash
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
DEMO_DIR ?= demo-data
DEMO_LISTEN ?= 127.0.0.1:8765
JOBS ?= $(shell nproc)

.PHONY: all bootstrap configure build test test-asan bench bench-smoke demo format screenshots clean package

all: build

bootstrap:
	@bash packaging/bootstrap.sh

configure: bootstrap
	@cmake --preset default >/dev/null

build: configure
	@cmake --build --preset default -j $(JOBS)

# Every test, the benchmarks at smoke size, then the unit and integration
# tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j 2 --timeout 600 -LE bench
	@$(MAKE) --no-print-directory bench-smoke
	@$(MAKE) --no-print-directory test-asan

# The benchmarks print their figures; `make bench` runs them at full size.
bench: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -L bench -V

bench-smoke: build
	@cd $(BUILD_DIR) && WARROOM_BENCH_SMOKE=1 ctest --output-on-failure -L bench

test-asan: bootstrap
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    ctest --output-on-failure -j 2 --timeout 900 -LE 'gui|bench|playbooks'

demo: build
	@mkdir -p $(DEMO_DIR)
	@bash packaging/run-demo.sh $(BUILD_DIR) $(DEMO_DIR) $(DEMO_LISTEN)

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

screenshots: build
	@bash packaging/screenshots.sh $(BUILD_DIR)

package: build
	@cd $(BUILD_DIR) && cpack -G DEB

clean:
	@rm -rf $(BUILD_DIR) $(ASAN_DIR)
