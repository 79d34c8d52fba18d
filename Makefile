# Quick start: `make run` serves the site with the real demo data; `make test` tests it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run migrate demo test test-fast lint format check messages serve clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=true $(PY) manage.py load_demo

run: demo
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Production-like: debug off, static files collected and served by WhiteNoise, gunicorn.
serve: demo
	DJANGO_DEBUG=true $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-production-like-not-secret} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	DJANGO_SECURE_COOKIES=false \
	$(VENV)/bin/gunicorn solidarity.wsgi --bind $(HOST):$(PORT) --workers 2

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Leaves out browser, validator and fuzz tests (marked slow).
test-fast: install
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	DJANGO_DEBUG=true $(PY) manage.py check
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

messages: install
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l de --ignore=.venv --ignore=node_modules --no-obsolete
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
