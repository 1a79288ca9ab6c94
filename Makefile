# WhiteCoat — every set-up step lives here, so a fresh machine needs only Python 3.12+ and make.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

# Find a Python >= 3.12: an explicit PYTHON=..., then python3.13/3.12/python3 on PATH,
# then pyenv's installs (their shims fail when the version is not selected).
PYTHON ?= $(shell for c in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	$$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$c || echo $$c; } && break; done)

.PHONY: help run serve install test lint pytest bench lock demo clean migrations-check bsky-dev

help:
	@echo "make run    install, migrate, load the demo program and serve on http://127.0.0.1:8000"
	@echo "make test   install and run ruff, the migrations check and every test"
	@echo "make bench  run the benchmarks and print their figures"
	@echo "make lock   re-resolve requirements.lock from pyproject.toml"
	@echo "make bsky-dev  install Node 22 and Bluesky's reference servers for the live tests"

$(STAMP): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
		echo "WhiteCoat needs Python 3.12 or newer, and none was found."; \
		echo "Install one (e.g. 'apt-get install python3.12 python3.12-venv', 'brew install python@3.13'"; \
		echo "or 'pyenv install 3.13'), or point make at it: make run PYTHON=/path/to/python3.13"; \
		exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

run: export DEBUG ?= true
run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --no-input --verbosity 0
	@$(MANAGE) demo_logins
	@# A background worker (django-tasks-db) runs the syncs beside the web server; the trap
	@# stops it when the server stops (Ctrl+C). No Redis or PostgreSQL needed.
	@$(MANAGE) db_worker --no-reload --interval 2 --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Worker started (pid $$worker); syncs queued from the pages run there."; \
	$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The check compares models with migration files; it needs no real database.
migrations-check: install
	DATABASE_URL=sqlite:///:memory: $(MANAGE) makemigrations --check --dry-run

# Two workers by default (each with its own test database, live server and browser);
# `make test PYTEST_ARGS=` runs serially.
PYTEST_ARGS ?= -n auto --dist loadfile
pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint migrations-check pytest

# Presidio (the screening benchmark's yardstick) lives in its own venv, never in ours; if it
# cannot be installed, the benchmarks still print our own figures.
benchmarks/.presidio-venv/.ready:
	-bash benchmarks/presidio_setup.sh && touch $@

# Locust (the load benchmark's client) likewise lives in its own venv.
benchmarks/.locust-venv/.ready:
	-bash benchmarks/locust_setup.sh && touch $@

bench: install benchmarks/.presidio-venv/.ready benchmarks/.locust-venv/.ready
	$(BIN)/python -m benchmarks

lock:
	$(PYTHON) -m pip install --quiet --target $(VENV)/uv uv
	$(VENV)/uv/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
		--generate-hashes -o requirements.lock

# Node 22 and @atproto/dev-env (exact pin, npm ci) for the Bluesky live tests; ~3 min once.
bsky-dev:
	bash tests/bsky-dev/install.sh

clean:
	rm -rf $(VENV) var/*.sqlite3* staticfiles
