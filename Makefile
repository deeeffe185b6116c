# The README's commands. `make run` serves the demo site; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run serve test lint ci lock bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

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

test: install ## Run the whole test suite (DATABASE_URL selects PostgreSQL)
	$(VENV)/bin/pytest

lint: install ## ruff, Django checks and migrations in sync
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

bench: install ## Run every benchmark in bench/ (tables printed, JSON in bench/results/)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

lock: install ## Re-resolve requirements.lock from pyproject.toml
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles
