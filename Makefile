# Reform Portal — see README.md. Needs Python 3.11 (python3.11 or python3 on PATH).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve worker beat install install-dev migrate messages lint check bench bench-import bench-writes loadtest clean backup restore

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed requirements-bench.txt
	$(PIP) install --quiet -r requirements-bench.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## make run: install, migrate, load demo data, serve on http://127.0.0.1:8000 (SQLite, DEBUG on; PORT=8101 serves there, and email links follow)
run: export DEBUG ?= true
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: install test tooling and run the whole suite, on every core (DATABASE_URL selects PostgreSQL; TEST_WORKERS=0 runs it in one process)
TEST_WORKERS ?= auto
test: install-dev
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

## make serve: the production-like way (collectstatic + gunicorn); needs SECRET_KEY etc. in the environment or .env
serve: install
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn -c gunicorn.conf.py reform_portal.wsgi

## make worker / make beat: the task queue's worker (PDFs, retried) and its schedule (outboxes, reminders); need CELERY_BROKER_URL
worker: install
	$(VENV)/bin/celery -A reform_portal worker --loglevel INFO --concurrency 2

beat: install
	$(VENV)/bin/celery -A reform_portal beat --loglevel INFO --schedule celerybeat-schedule

## make messages: refresh and compile the fa/en catalogs (needs GNU gettext); see scripts/messages.py
messages: install-dev
	$(PY) scripts/messages.py

## make bench: time the dashboards against a floor page on the configured database (BENCH_ARGS="--runs 50")
bench: export DEBUG ?= true
bench: install
	$(PY) manage.py bench $(BENCH_ARGS)

## make bench-import: time the admin's preview and confirmation of a 10,000-agency import, rolled back (BENCH_ARGS="--format xlsx")
bench-import: export DEBUG ?= true
bench-import: install
	$(PY) manage.py bench_import $(BENCH_ARGS)

## make loadtest: deadline week on the loopback: gunicorn (5 × 2) and Redis under Locust, 16 writers and 4 dashboard readers, three bounded runs, a table (PostgreSQL; LOADTEST_ARGS="--seconds 60")
loadtest: export DEBUG ?= true
loadtest: $(VENV)/.installed-bench
	$(PY) manage.py loadtest $(LOADTEST_ARGS)

## make bench-writes: pgbench, report updates with and without the dashboards' triggers (PostgreSQL; BENCH_ARGS="--seconds 60")
bench-writes: export DEBUG ?= true
bench-writes: install
	$(PY) manage.py bench_writes $(BENCH_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

## make backup: database (pg_dump -Fc of DATABASE_URL) and MEDIA_ROOT into backups/<timestamp>/ (docs/operations.md)
backup: install
	scripts/backup.sh

## make restore BACKUP=backups/<timestamp>: put a backup back (asks first; YES=1 to skip the question)
restore: install
	BACKUP="$(BACKUP)" YES="$(YES)" scripts/restore.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
