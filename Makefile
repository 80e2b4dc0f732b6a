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
.PHONY: help run test lint bench venv messages browser-deps node-deps migrate reference demo clean

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

migrate: venv messages ## apply database migrations and make sure a signing key exists
	$(BIN)/skillcert migrate --no-input
	$(BIN)/skillcert keys ensure
	$(BIN)/skillcert prepare-fonts

reference: migrate ## load the reference data (idempotent)
	$(BIN)/skillcert load-reference

demo: reference ## load the demo data set (idempotent)
	$(BIN)/skillcert demo

run: demo ## set everything up and serve on http://$(HOST):$(PORT)
	$(BIN)/skillcert serve --host $(HOST) --port $(PORT)

browser-deps: ## install Debian's Chromium for the browser tests when missing
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: install Debian's chromium package (browser tests need /usr/bin/chromium)"; exit 1; fi; }

NODE_DIR := tests/credentials/node
NODE_STAMP := $(NODE_DIR)/node_modules/.installed

$(NODE_STAMP): $(NODE_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "npm is missing: install Debian's nodejs and npm packages (the credential cross-check needs them)"; exit 1; fi; }
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

node-deps: $(NODE_STAMP) ## install the independent credential verifier (Node, pinned in package-lock.json)

test: venv messages browser-deps node-deps ## run the whole test suite (set SKILLCERT_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv ## ruff, mypy and the migrations check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/skillcert makemigrations --check --dry-run

bench: venv messages ## measure speed and memory targets (prints figures and ratios)
	$(PY) bench/run.py

clean: ## remove the virtual environment and local data
	rm -rf $(VENV) var
