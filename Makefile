# Quick start: `make run` serves the site with the real demo data; `make test` tests it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install browser-deps redis-server run migrate demo test test-fast lint format check messages serve clean bench loadtest release backup-postgres restore-postgres

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Page checkers (axe-core, the Nu HTML validator) and the system's Chromium, which the
# browser tests drive; Playwright never downloads a browser of its own.
CHROMIUM ?= /usr/bin/chromium
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The tests of the shared cache start a Redis server of their own on a free port; only
# the program is needed (without it they are skipped, saying so).
redis-server:
	@command -v redis-server >/dev/null || { test "$$(id -u)" = 0 && apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; } \
	  || echo "No redis-server: the shared-cache tests will be skipped (apt-get install redis-server)"

browser-deps: node_modules/.installed
	@test -x $(CHROMIUM) || { test "$$(id -u)" = 0 && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || { echo "The browser tests need Chromium at $(CHROMIUM): apt-get install chromium"; exit 1; }
	@command -v java >/dev/null || { echo "The HTML validator needs Java 11+ (apt-get install default-jre-headless)"; exit 1; }

migrate: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=true $(PY) manage.py load_demo
	DJANGO_DEBUG=true $(PY) manage.py release --if-none

run: demo
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Production-like: debug off, static files collected and served by WhiteNoise, gunicorn.
SERVE_ENV = DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-production-like-not-secret} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	DJANGO_SECURE_COOKIES=false

# The mail worker runs beside gunicorn and stops with it (Ctrl-C stops both).
serve: demo
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	trap 'kill 0' EXIT; \
	$(SERVE_ENV) $(PY) manage.py db_worker & \
	$(SERVE_ENV) GUNICORN_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn solidarity.wsgi

# The slow (browser, validator, fuzz, service) tests run in a session of their own,
# one at a time: their live servers need transactional tests, whose database flushes
# must not meet the others. The rest run in TEST_WORKERS processes (pytest-xdist, each
# with a test database of its own): on 2 cores, half the time.
TEST_WORKERS ?= 2
test: install browser-deps redis-server
	$(PY) -m pytest -m "not slow" -n $(TEST_WORKERS) $(PYTEST_ARGS)
	$(PY) -m pytest -m slow $(PYTEST_ARGS)

# Leaves out browser, validator, fuzz and service tests (marked slow).
test-fast: install redis-server
	$(PY) -m pytest -m "not slow" -n $(TEST_WORKERS) $(PYTEST_ARGS)

# ruff, and the direction of imports between the apps (import-linter, pyproject.toml).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	DJANGO_DEBUG=true $(PY) manage.py check
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

messages: install
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l de --ignore=.venv --ignore=node_modules --no-obsolete
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

# The key pages under load against Django's own floor, and the full pledge exports, on
# 10,000 synthetic places, 200,000 pledges and 1,000,000 updates in PostgreSQL
# (bench/pages.py; figures in docs/performance.md). BENCH_ARGS="--places 1000
# --pledges 20000 --updates 100000" for a quicker run, "--sqlite" for SQLite.
BENCH_ARGS ?=
bench: install
	@command -v wrk >/dev/null || { test "$$(id -u)" = 0 && apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(PY) bench/pages.py $(BENCH_ARGS)

# 64 connections for 30 s over pages, the API and an export while an editor publishes
# through the admin, on the data of `make bench`: fails on any error or 5xx
# (bench/loadtest.py; figures in docs/performance.md).
LOADTEST_ARGS ?=
loadtest: install
	@command -v wrk >/dev/null || { test "$$(id -u)" = 0 && apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "make loadtest needs wrk: apt-get install wrk"; exit 1; }
	$(PY) -m bench.loadtest $(LOADTEST_ARGS)

# A dated, versioned release of the published dataset in RELEASES_DIR (default releases/).
release: migrate
	DJANGO_DEBUG=true $(PY) manage.py release

# The PostgreSQL database DATABASE_URL names, to and from a pg_dump custom-format file
# (docs/backup.md; manage.py backup_data / restore_data do the same on any database).
backup-postgres:
	@test -n "$(FILE)" || { echo "Say where: make backup-postgres FILE=backups/$$(date +%F).dump"; exit 2; }
	scripts/backup_postgres.sh "$(FILE)"

restore-postgres:
	@test -n "$(FILE)" || { echo "Say which: make restore-postgres FILE=backups/2025-06-01.dump"; exit 2; }
	scripts/restore_postgres.sh "$(FILE)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
