VENV := .venv
PYTHON := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint migrations-check requirements clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.requirements: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.requirements

## run: install, migrate, load the demo catalog and serve http://$(HOST):$(PORT)
run: $(VENV)/.requirements
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(PYTHON) manage.py seed_demo --base-url http://$(HOST):$(PORT)
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

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
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
