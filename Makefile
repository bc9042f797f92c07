# The two commands of the README: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

# Under CI the suite runs on PostgreSQL; elsewhere on PostgreSQL when a server answers on
# 127.0.0.1:5432, otherwise on SQLite (tests that need a server then skip and say why).
ifeq ($(CI),true)
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/duoplus
else
TEST_DATABASE_URL ?= $(shell $(PYTHON) -c "import socket; s=socket.socket(); s.settimeout(1); print('postgres://postgres@127.0.0.1:5432/duoplus' if s.connect_ex(('127.0.0.1',5432))==0 else 'sqlite:///:memory:')")
endif

.PHONY: run test lint bench messages system-packages install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# System packages the tests need: Debian's Chromium (browser tests) and poppler (pdftotext).
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# Links in e-mails and the agenda address point at the port it serves on.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Het portaal draait op http://127.0.0.1:$(PORT)/ (stoppen met Ctrl-C)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# ruff, migrations in step with the models, the import layers (.importlinter) and types.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=duoplus.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/mypy

# The suite over every core (pytest-xdist; each worker its own test database), a file's tests
# on one worker (module fixtures such as the fault suite's servers are built once).
PYTEST_WORKERS ?= auto
test: install-dev system-packages lint
	@echo "Test database: $(TEST_DATABASE_URL)"
	DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# Speed at scale (README "Scaling out"): gunicorn on PostgreSQL, loaded with wrk.
bench: install-dev
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

# The Dutch names of third-party admin pages (locale/nl); the .mo is committed, so only
# whoever changes the .po needs GNU gettext's msgfmt.
messages:
	msgfmt --check -o locale/nl/LC_MESSAGES/django.mo locale/nl/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var db.sqlite3 .mypy_cache .import_linter_cache
