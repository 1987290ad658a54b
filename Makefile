# The README's two commands: `make run` and `make test`. Both create .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup lint typecheck format bench screenshots docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

## Start the gateway on its embedded default (SQLite file, dev keys created once, dev API keys printed).
run: $(STAMP)
	$(BIN)/privacy-gateway db upgrade
	$(BIN)/privacy-gateway apikey dev-keys
	$(BIN)/privacy-gateway serve

## Set up and run the whole test suite: ruff, import contracts, mypy, pytest (PostgreSQL, MariaDB, brokers,
## Spark local mode and headless Chromium included; on CI with CI=true none of them may be skipped).
test: $(STAMP)
	$(BIN)/ruff check privacy_gateway tests benchmarks corpus
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/bandit -r privacy_gateway -q
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check privacy_gateway tests benchmarks corpus
	$(BIN)/ruff format --check privacy_gateway tests benchmarks corpus
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format privacy_gateway tests benchmarks corpus
	$(BIN)/ruff check --fix privacy_gateway tests benchmarks corpus

## The whole gateway measured side by side (docs/performance.md); BENCH_ARGS=--quick for a short run.
bench: $(STAMP)
	$(BIN)/python benchmarks/gateway_bench.py $(BENCH_ARGS)

## Regenerate docs/console/*.png (headless Chromium) and docs/cli.md.
screenshots: $(STAMP)
	$(BIN)/python docs/console/make_screenshots.py

docs: $(STAMP)
	$(BIN)/python -m privacy_gateway.cli.docs > docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
