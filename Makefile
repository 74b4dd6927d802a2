VENV := .venv
PYTHON := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve smoke test lint migrations-check requirements clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.requirements: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.requirements

## run: install, migrate, load the demo catalog, serve http://$(HOST):$(PORT) and run a Celery worker with beat
run: $(VENV)/.requirements
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(PYTHON) manage.py seed_demo --base-url http://$(HOST):$(PORT)
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile.dev

## serve: the Procfile with honcho on PostgreSQL and Redis: release (migrate) first, then web, worker and beat
serve: $(VENV)/.requirements
	@test -n "$$DATABASE_URL" || { echo "make serve needs DATABASE_URL=postgres://... (PostgreSQL)"; exit 2; }
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve runs on PostgreSQL, not $$DATABASE_URL"; exit 2;; esac
	@test -n "$$REDIS_URL" || { echo "make serve needs REDIS_URL=redis://... (cache, sessions and broker)"; exit 2; }
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start release
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start --port $(PORT) web worker beat

## smoke: the production install, tested through nginx (benchmarks/smoke.py; SMOKE_ARGS="--help" for options)
smoke:
	python3 benchmarks/smoke.py $(SMOKE_ARGS)

## test: lint, then the whole test suite (uses DATABASE_URL when set, SQLite otherwise)
test: $(VENV)/.requirements-dev lint
	$(VENV)/bin/pytest

lint: $(VENV)/.requirements-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint . --lint
	$(VENV)/bin/lint-imports

migrations-check: $(VENV)/.requirements
	$(PYTHON) manage.py makemigrations --check --dry-run

## requirements: pin every package, transitive ones too, from requirements.in and requirements-dev.in
requirements: | $(VENV)/bin/python
	$(PIP) install --quiet pip-tools
	CUSTOM_COMPILE_COMMAND="make requirements" $(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	CUSTOM_COMPILE_COMMAND="make requirements" $(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache var
