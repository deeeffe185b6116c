# The README's commands. `make run` serves the demo site; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install browser run serve test lint audit bench lock clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Browser tests drive Debian's Chromium (no browser download); install it when missing.
/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

browser: node_modules/.installed /usr/bin/chromium ## Chromium and axe-core for the browser tests

run: install ## Migrate SQLite, load demo content, serve on http://127.0.0.1:8000 with the scheduler
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo "Site : http://$(HOST):$(PORT)/   Administration : http://$(HOST):$(PORT)/admin/"
	$(MANAGE) run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install ## Serve with gunicorn and production settings (needs the production environment)
	$(MANAGE) collectstatic --no-input --settings=config.settings.production
	$(VENV)/bin/gunicorn --chdir site config.wsgi --bind $(HOST):$(PORT) --workers 2

# The browser tests run in their own session: they share a fresh test database with the
# server thread, which a database already used by the other tests does not give them reliably.
test: install browser ## Run the whole test suite, browser tests included (DATABASE_URL: PostgreSQL)
	$(VENV)/bin/pytest --ignore=tests/e2e
	$(VENV)/bin/pytest tests/e2e

lint: install ## ruff, Django checks and migrations in sync
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

audit: install ## pip-audit of requirements.lock (needs PyPI's advisory data; fails if unreachable)
	$(PY) .ci/audit.py

# The load tool of the benchmarks: Debian's wrk, installed when missing.
/usr/bin/wrk:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk

bench: install /usr/bin/wrk ## Run every benchmark in bench/ (DATABASE_URL selects PostgreSQL); JSON in bench/results/
	@for script in bench/*_bench.py; do echo "== $$script"; $(PY) $$script || exit 1; done

load: install /usr/bin/wrk ## Two-minute load test (50 clients, wrk) against gunicorn; fails on any 5xx
	cd bench && ../$(PY) load_test.py

lock: install ## Re-resolve requirements.lock from pyproject.toml
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules
