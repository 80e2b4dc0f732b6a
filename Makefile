# skillcert — run `make help` for the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export SKILLCERT_DATA_DIR ?= $(CURDIR)/var

.DEFAULT_GOAL := help
.PHONY: help run test fuzz mutate lint bench bench-deps venv messages system-deps browser-deps node-deps migrate reference demo clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## create or update the virtual environment

messages: $(STAMP) ## compile the translation catalogues
	@$(PY) -m skillcert.core.i18n compile

migrate: venv messages ## apply database migrations, make sure a signing key exists, re-sign credentials not yet at their address
	$(BIN)/skillcert migrate --no-input
	$(BIN)/skillcert keys ensure
	$(BIN)/skillcert readdress
	$(BIN)/skillcert prepare-fonts

reference: migrate ## load the reference data (idempotent)
	$(BIN)/skillcert load-reference

demo: reference ## load the demo data set (idempotent)
	$(BIN)/skillcert demo

run: demo ## set everything up and serve on http://$(HOST):$(PORT)
	$(BIN)/skillcert serve --host $(HOST) --port $(PORT)

# Debian packages the tests need, by the command that proves each is there: GNU gettext (makemessages in the
# translation test), Chromium (browser tests), Node.js and npm (the independent credential verifier) and the
# PostgreSQL client (the plain-ID scan dumps the test database), and a CJK font so that Chromium draws Chinese in
# browser tests and screenshots (proved by its file). Installed with apt when run as root.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
SYSTEM_DEPS := msgfmt:gettext xgettext:gettext chromium:chromium node:nodejs npm:npm pg_dump:postgresql-client \
	$(CJK_FONT):fonts-noto-cjk

system-deps: ## install the Debian packages the tests need (gettext, Chromium, Node.js, PostgreSQL client, a CJK font) when missing
	@missing=""; for pair in $(SYSTEM_DEPS); do what="$${pair%%:*}"; \
	  if [ -e "$$what" ] || command -v "$$what" >/dev/null 2>&1; then :; else missing="$$missing $${pair#*:}"; fi; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (install them, or run make test as root)"; exit 1; fi; fi

browser-deps: system-deps ## (kept for habit) the same as system-deps

NODE_DIR := tests/credentials/node
NODE_STAMP := $(NODE_DIR)/node_modules/.installed

$(NODE_STAMP): $(NODE_DIR)/package-lock.json | system-deps
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

node-deps: $(NODE_STAMP) ## install the independent credential verifier (Node, pinned in package-lock.json)

test: venv system-deps messages node-deps ## run the whole test suite (set SKILLCERT_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

# The tests whose examples are generated (Hypothesis) or fuzzed from the OpenAPI description (schemathesis).
FUZZ_TESTS := tests/api/test_api.py tests/verification/test_fuzz.py tests/transparency/test_merkle.py \
  tests/certificates/test_numbering.py tests/credentials/test_statuslist.py tests/credentials/test_signing.py \
  tests/institutions/test_creditcode.py tests/people/test_idnumbers.py tests/people/test_protection.py \
  tests/credentials/test_fast_equality.py tests/credentials/test_fast_nearmiss.py

fuzz: venv system-deps messages ## explore: property tests and the API fuzz run with random, many more examples (not in make test)
	HYPOTHESIS_PROFILE=explore $(BIN)/pytest -m "not browser" $(FUZZ_TESTS) $(PYTEST_ARGS)

mutate: venv messages ## mutation testing of the critical modules: the score per module (slow, not in make test)
	$(PY) tests/mutation/run.py $(MUTATE_ARGS)

lint: venv ## ruff, mypy, the import contract between apps and the migrations check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(PY) tests/architecture/imports.py
	$(BIN)/skillcert makemigrations --check --dry-run

# Debian packages the benchmarks need, by the command that proves each is there: wrk loads the pages over HTTP
# (bench/bench_http.py, 127.0.0.1 only). Installed with apt when run as root, like system-deps.
BENCH_DEPS := wrk:wrk

bench-deps: ## install the Debian packages the benchmarks need (wrk) when missing
	@missing=""; for pair in $(BENCH_DEPS); do what="$${pair%%:*}"; \
	  if command -v "$$what" >/dev/null 2>&1; then :; else missing="$$missing $${pair#*:}"; fi; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (install them, or run make bench as root)"; exit 1; fi; fi

# The import benchmark also runs on PostgreSQL in a scratch database of this name (dropped and made again), when a
# server answers there; set it empty to measure SQLite only.
SKILLCERT_BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/skillcert_bench

bench: venv messages bench-deps ## measure speed and memory targets (prints figures and ratios)
	SKILLCERT_BENCH_POSTGRES_URL="$(SKILLCERT_BENCH_POSTGRES_URL)" $(PY) bench/run.py

clean: ## remove the virtual environment and local data
	rm -rf $(VENV) var
