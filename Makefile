# The README's commands. `make run` serves the demo site; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the demo site answers at: seed_demo points the Site record at it on every run,
# so absolute URLs, feeds and canonical links follow `make run PORT=8011`.
BASE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install install-dev browser run serve stack test lint audit bench lock clean fonts brand

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed ## Create .venv and install the production dependencies (requirements.lock)

# Tests, lint, benchmarks and the font/brand tools also need the development lock.
$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(VENV)/bin/pip install --quiet -r requirements-dev.lock
	touch $@

install-dev: $(VENV)/.dev-installed ## Add the development and test dependencies (requirements-dev.lock)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Browser tests drive Debian's Chromium (no browser download); install it when missing.
/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

browser: node_modules/.installed /usr/bin/chromium ## Chromium and axe-core for the browser tests

# Background jobs (e-mail, alerts, Wagtail's own tasks) go to a queue in SQLite, run by one
# db_worker: the editor's request never waits for them, as in production, with no extra service.
run: export WAGTAILADMIN_BASE_URL = $(BASE_URL)
run: install ## Migrate SQLite, load demo content, serve on http://127.0.0.1:8000 (HOST=, PORT=) with the scheduler and a worker
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo "Site : $(BASE_URL)/   Administration : $(BASE_URL)/admin/"
	$(MANAGE) run_scheduler & scheduler=$$!; \
	$(MANAGE) db_worker --queue-name default,mail,imports --no-reload --interval 1 -v 0 & worker=$$!; \
	trap 'kill $$scheduler $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install ## Serve with gunicorn and production settings (needs the production environment)
	$(MANAGE) collectstatic --no-input --settings=config.settings.production
	$(VENV)/bin/gunicorn --chdir site config.wsgi --bind $(HOST):$(PORT) --workers 2

# Debian's Varnish (and its modules), for `make stack` and the stack tests.
/usr/sbin/varnishd:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules

stack: install-dev /usr/sbin/varnishd ## Varnish + two gunicorn nodes (production settings), scheduler, worker, PostgreSQL, Redis, S3 on 127.0.0.1
	$(PY) deploy/stack.py

# The tests run in one process per core (pytest-xdist; each process has its own test
# database), a module's tests in the same process. The browser tests run in their own
# session: they share a fresh test database with the server thread, which a database already
# used by the other tests does not give them reliably; two processes, as they mostly wait on
# the browser. Both sessions list their slowest tests, for whoever makes CI faster next.
test: install-dev browser /usr/sbin/varnishd ## Run the whole test suite, browser tests included (DATABASE_URL: PostgreSQL)
	$(VENV)/bin/pytest --ignore=tests/e2e --numprocesses=auto --maxprocesses=4 --dist=loadfile --durations=20
	$(VENV)/bin/pytest tests/e2e --numprocesses=auto --maxprocesses=2 --dist=loadfile --durations=20

lint: install-dev ## ruff, Django checks and migrations in sync
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

audit: install-dev ## pip-audit of requirements.lock (needs PyPI's advisory data; fails if unreachable)
	$(PY) .ci/audit.py

# The load tool of the benchmarks: Debian's wrk, installed when missing.
/usr/bin/wrk:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk

bench: install-dev /usr/bin/wrk ## Run every benchmark in bench/ (DATABASE_URL selects PostgreSQL); JSON in bench/results/
	@for script in bench/*_bench.py; do echo "== $$script"; $(PY) $$script || exit 1; done

load: install-dev /usr/bin/wrk ## Two-minute load test (50 clients, wrk) against gunicorn; fails on any 5xx
	cd bench && ../$(PY) load_test.py

fonts: install-dev node_modules/.installed ## Refresh static/fonts and its @font-face rules from npm @fontsource-variable/figtree
	$(MANAGE) refresh_fonts

brand: install-dev ## Redraw the logo (static/brand), favicons and web manifest (webroot/) from core/brand.py
	$(MANAGE) build_brand_assets

lock: install ## Re-resolve requirements.lock (production) and requirements-dev.lock (with the dev extra) from pyproject.toml
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --no-header -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements-dev.lock

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules
