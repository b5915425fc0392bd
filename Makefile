# bluebutton: `make` builds, `make test` runs every test, `make check` runs the unit tests under
# AddressSanitizer + UndefinedBehaviorSanitizer, `make sandbox` serves a sandbox on :8000.
CC ?= cc
PKGS := libmicrohttpd sqlite3 libxml-2.0 libcrypto jansson zlib libargon2
SHARED ?= ../shared
export BB_FIXTURES ?= $(SHARED)/fixtures/bfd
# The code tables for display texts (tests and the sandbox read them when present).
export BB_REFDATA ?= $(wildcard $(SHARED)/refdata)
export BB_SHARED_TOOLS ?= $(SHARED)/tools
export BB_SAMHSA_CODES ?= $(wildcard $(BB_FIXTURES)/samhsa-related-codes)
export BB_ENRICHMENT ?= $(wildcard $(BB_FIXTURES)/enrichment)

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lpthread -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc $(PKG_CFLAGS)

# BUILD is the object directory: build/ normally, build-san/ for `make check`.
BUILD ?= build
SRC := $(shell find src -name '*.c' ! -name main.c | sort)
OBJ := $(SRC:%.c=$(BUILD)/%.o)
TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps test check unit api sandbox clean format bench
all: bluebutton

deps:
	@scripts/deps

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/bluebutton: $(BUILD)/src/main.o $(OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

bluebutton: $(BUILD)/bluebutton
	cp $< $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h tests/unit/storeutil.h tests/unit/fhirutil.h $(OBJ) $(BUILD)/bluebutton
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(OBJ) $(PKG_LIBS) $(CMOCKA_LIBS)

# Runs every unit test program; fails when any fails, after running them all.
unit: $(TESTS) $(BUILD)/bluebutton
	@tests/run-unit $(BUILD)/bluebutton $(TESTS)

# The API tests (Node's test runner) start the binary as a server on free ports.
api: $(BUILD)/bluebutton
	@tests/run-api $(BUILD)/bluebutton

test: deps
	$(MAKE) --no-print-directory all unit api

check: deps
	$(MAKE) --no-print-directory BUILD=build-san CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -DFHIR_MEMO_VERIFY" unit api

# The sandbox: on first start, BENES synthetic beneficiaries (BBUser00000 / PW00000! …) with
# their claims, made and loaded by `bluebutton synth --db` (progress on the way); later starts
# reuse the database. BENES=20000 for the size of CMS's 2025 synthetic release.
SANDBOX_DB ?= sandbox.db
BENES ?= 1000
sandbox: deps
	$(MAKE) all
	@if [ ! -f $(SANDBOX_DB) ]; then \
		rm -f $(SANDBOX_DB).tmp $(SANDBOX_DB).tmp-wal $(SANDBOX_DB).tmp-shm && \
		./bluebutton synth --benes $(BENES) --db $(SANDBOX_DB).tmp > /dev/null && \
		mv $(SANDBOX_DB).tmp $(SANDBOX_DB) && \
		echo "sandbox: $(SANDBOX_DB): $(BENES) synthetic beneficiaries, users BBUser00000 / PW00000! and on"; \
	fi
	./bluebutton serve --db $(SANDBOX_DB) --listen 127.0.0.1:8000

$(BUILD)/bench/render: bench/render.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(OBJ) $(PKG_LIBS) $(shell pkg-config --libs libzstd)

$(BUILD)/bench/oauth-mint: bench/oauth-mint.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(OBJ) $(PKG_LIBS)

# Benchmarks (not tests): the loader's throughput, then serving costs (on bench/load's file).
bench: all $(BUILD)/bench/render
	rm -f bench/out/bench.db
	KEEP=1 bench/load
	bench/render

format:
	clang-format -i $$(find src tests bench -name '*.[ch]')

clean:
	rm -rf build build-san bluebutton

-include $(OBJ:.o=.d) $(BUILD)/src/main.d
