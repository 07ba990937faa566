# Accord: two commands set everything up. `make run` serves the demo; `make test` runs it all.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ACCORD := $(BIN)/accord
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help install run test suite lint format bench vendor lock clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

install: $(STAMP) ## Create .venv and install the pinned dependencies

# The task worker (e-mails, printed to the console) runs in the background beside the
# server and stops with it.
run: $(STAMP) ## Migrate the SQLite database, load the demo data, serve on http://127.0.0.1:8000 with the task worker
	$(ACCORD) migrate --no-input
	$(ACCORD) demo
	$(ACCORD) db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(ACCORD) runserver 127.0.0.1:8000

test: lint suite ## Lint, then run the whole suite on every core (DATABASE_URL selects PostgreSQL)

# CI (.ci/run) lints once, then runs the suite on each database: lint does not depend on it.
suite: $(STAMP) ## Run the whole suite on every core, without lint (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest -n auto

lint: $(STAMP) ## Format check, lint, types, import contracts, Django checks, missing migrations
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy accord tests
	$(BIN)/lint-imports --no-cache
	$(ACCORD) check --fail-level WARNING
	$(ACCORD) makemigrations --check --dry-run

# The benchmark database: PostgreSQL, never the embedded SQLite one (created if missing).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench

bench: $(STAMP) ## Benchmark national-scale data on PostgreSQL against SQL floors; writes var/bench/
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=false $(ACCORD) bench

format: $(STAMP) ## Format and fix what ruff can fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

vendor: ## Refresh the vendored GOV.UK Frontend, htmx and axe-core assets from package.json
	scripts/vendor

lock: ## Re-resolve constraints.txt from pyproject.toml in a scratch environment
	scripts/lock

clean: ## Remove the virtual environment and local state (database, collected static files)
	rm -rf $(VENV) var
