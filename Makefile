# widunetz – two commands: `make run` serves the site, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# Django 6.1 needs Python 3.12+. The system python3 may be older, so look for a
# suitable one: $(PYTHON) if given, then python3.13/3.12 on PATH, then pyenv's.
PYTHON ?= $(shell for p in python3.13 python3.12 \
	$$(pyenv root 2>/dev/null)/versions/3.13*/bin/python3 \
	$$(pyenv root 2>/dev/null)/versions/3.12*/bin/python3 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

export DJANGO_SETTINGS_MODULE := widunetz.settings

.PHONY: help install messages run demo test lint check-python clean backup restore

# The interface translations (django.po; djangojs.po for the admin's scripts),
# compiled from the catalogues in the repository.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard widunetz/locale/*/LC_MESSAGES/*.po))

help:
	@echo "make run   – install, migrate, load the brochure data and serve on http://127.0.0.1:$(PORT)"
	@echo "make demo  – like run, on $(DEMO_PEOPLE) invented people in var/demo.sqlite3, a banner on every page (rm it for a fresh one)"
	@echo "make test  – run the whole test suite (DATABASE_URL=postgres://… for PostgreSQL)"
	@echo "make lint  – ruff check and format check, and that imports point one way (import-linter)"
	@echo "make backup – write a complete snapshot of the database into backups/"
	@echo "make restore FILE=backups/… – replace the database's content with that snapshot"
	@echo "make bench – throughput and latency under gunicorn with wrk, brochure and 100,000 people (PostgreSQL, Redis; ~8 min) → docs/benchmarks.md"
	@echo "make loadtest – 60 s at 64 connections over a mix of pages: errors and worker memory"
	@echo "make scaleout – two gunicorn instances: an admin edit through one shows on the other"
	@echo "  (all three run python -m bench from bench/; options via BENCH_ARGS=\"--people 1000 …\", see python -m bench --help)"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.12 or newer found. Install one, or run: make run PYTHON=/path/to/python3.12" >&2; \
		exit 1; fi

# `make run` installs what the site needs ([project] dependencies in pyproject.toml);
# `make test` and `make lint` add their tools (the extras "test" and "lint") on top.
$(BIN)/.installed: pyproject.toml | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "$(VENV) uses Python < 3.12; remove it (make clean) and try again." >&2; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(BIN)/.installed-%: $(BIN)/.installed
	$(BIN)/pip install --quiet -e ".[$*]"
	@touch $@

install: $(BIN)/.installed

# polib (a site dependency, so `pip install .` brings it too) writes the .mo files:
# no system package (GNU gettext) is needed. Like msgfmt it leaves out fuzzy and
# untranslated entries; `make test` checks the catalogues themselves.
%.mo: %.po
	$(BIN)/python -c 'import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@

messages: $(MO_FILES)

var/secret_key:
	@mkdir -p var
	@$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

run: install messages var/secret_key
	$(eval export DJANGO_SECRET_KEY := $(shell cat var/secret_key))
	$(eval export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost)
	$(eval export DJANGO_HTTPS ?= 0)
	$(eval export EMAIL_URL ?= console:)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_brochure
	@if [ "$$DJANGO_DEBUG" = "1" ]; then \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	else \
		$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
		echo "widunetz läuft auf http://127.0.0.1:$(PORT)/ (Strg+C beendet)" && \
		$(BIN)/gunicorn widunetz.wsgi --config python:widunetz.gunicorn_conf --bind 127.0.0.1:$(PORT); \
	fi

# `make demo`: the site as `make run` serves it, on a database of its own (SQLite,
# var/demo.sqlite3): the brochure and the synthetic network of bench/network.py, a
# few hundred invented people with every kind of contact data, and DJANGO_DEMO=1 puts
# "Demodaten – keine echten Personen" on every page. Built once (into a temporary file,
# so an interrupted build leaves none behind); remove the file for a fresh one.
DEMO_PEOPLE ?= 300
DEMO_INSTITUTIONS ?= 60
DEMO_SEED ?= 2026
DEMO_DB := var/demo.sqlite3

demo: export DJANGO_DEMO = 1
demo: install messages var/secret_key
	$(eval export DJANGO_SECRET_KEY := $(shell cat var/secret_key))
	$(eval export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost)
	$(eval export DJANGO_HTTPS ?= 0)
	$(eval export EMAIL_URL ?= console:)
	@if [ ! -e $(DEMO_DB) ]; then \
		rm -f $(DEMO_DB).new && \
		export DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB).new && \
		$(BIN)/python manage.py migrate --noinput && \
		$(BIN)/python manage.py load_brochure && \
		$(BIN)/python -m bench.network --people $(DEMO_PEOPLE) \
			--institutions $(DEMO_INSTITUTIONS) --seed $(DEMO_SEED) && \
		mv $(DEMO_DB).new $(DEMO_DB) || exit 1; \
	fi
	$(eval export DATABASE_URL := sqlite:///$(CURDIR)/$(DEMO_DB))
	$(BIN)/python manage.py migrate --noinput
	@if [ "$$DJANGO_DEBUG" = "1" ]; then \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	else \
		$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
		echo "widunetz-Demo (erfundene Personen) läuft auf http://127.0.0.1:$(PORT)/ (Strg+C beendet)" && \
		$(BIN)/gunicorn widunetz.wsgi --config python:widunetz.gunicorn_conf --bind 127.0.0.1:$(PORT); \
	fi

# The suite runs in $(PYTEST_WORKERS) processes (pytest-xdist), each with a test database
# of its own; tests/parallel.py keeps the tests that start programs in one of them.
# PYTEST_WORKERS=0 runs it in this one process.
PYTEST_WORKERS ?= 2
test: export DJANGO_SECRET_KEY ?= only-for-the-test-suite-not-secret
test: $(BIN)/.installed-test messages
	$(BIN)/python -m pytest -p tests.parallel -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(BIN)/.installed-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

backup: install var/secret_key
	$(eval export DJANGO_SECRET_KEY := $(shell cat var/secret_key))
	$(BIN)/python manage.py backup

restore: install var/secret_key
	@if [ -z "$(FILE)" ]; then \
		echo "Which snapshot? make restore FILE=backups/widunetz-… (make backup writes one)" >&2; \
		exit 1; fi
	$(eval export DJANGO_SECRET_KEY := $(shell cat var/secret_key))
	$(BIN)/python manage.py restore "$(FILE)"

# --- Performance: make bench, make loadtest, make scaleout -----------------------------
# python -m bench: the tooling in bench/, plain modules outside the shipped apps (the
# synthetic network alone: python -m bench.network). They empty and fill a database of
# their own, never the one in DATABASE_URL: PostgreSQL as in production and Redis as the
# shared cache (its database 1 is flushed).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/widunetz_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/1
BENCH_ARGS ?=

.PHONY: bench loadtest scaleout wrk

bench loadtest scaleout: export DATABASE_URL = $(BENCH_DATABASE_URL)
bench loadtest scaleout: export REDIS_URL = $(BENCH_REDIS_URL)
bench loadtest scaleout: export DJANGO_DEBUG =

wrk:
	@command -v wrk >/dev/null || apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }

bench: install var/secret_key wrk
	$(eval export DJANGO_SECRET_KEY := $(shell cat var/secret_key))
	$(BIN)/python -m bench $(BENCH_ARGS)

loadtest: install var/secret_key wrk
	$(eval export DJANGO_SECRET_KEY := $(shell cat var/secret_key))
	$(BIN)/python -m bench --only loadtest $(BENCH_ARGS)

scaleout: install var/secret_key
	$(eval export DJANGO_SECRET_KEY := $(shell cat var/secret_key))
	$(BIN)/python -m bench --only scaleout $(BENCH_ARGS)
