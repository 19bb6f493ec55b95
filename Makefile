# Leeratelier: the single entry point for developers and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# PostgreSQL for `make test-pg` (trust auth on this machine); the database is made for the run.
PG_URL ?= postgres://postgres@127.0.0.1:5432
PG_DB ?= leeratelier_test_$(shell date +%Y%m%d%H%M%S)_$$PPID
PYTEST_ARGS ?=

.PHONY: help demo run test test-pg ci install browser-deps system-deps messages lint format check-migrations clean bench bench-markdown bench-data multi-machine faults audit b1

help: ## Show this list
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

demo: install ## Set up and run the demo site with demo content on SQLite: http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(MAKE) run

run: install ## Run the web server and the django-q2 cluster (background jobs, emails to the console)
	@trap 'kill 0' EXIT; \
	$(BIN)/python manage.py qcluster & \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install browser-deps ## Run the whole test suite (SQLite, browser tests included)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-pg: install browser-deps ## Run the whole test suite on PostgreSQL (a fresh database, dropped after)
	@command -v pg_isready >/dev/null && (pg_isready -q -h 127.0.0.1 -p 5432 || $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start) || true
	DATABASE_URL=$(PG_URL)/$(PG_DB) TEST_DATABASE_NAME=$(PG_DB) $(BIN)/python -m pytest $(PYTEST_ARGS); \
	status=$$?; psql "$(PG_URL)/postgres" -qc 'DROP DATABASE IF EXISTS "$(PG_DB)"' >/dev/null 2>&1; exit $$status

ci: ## What CI runs: lint, then the test suite on SQLite, then on PostgreSQL
	$(MAKE) lint
	$(MAKE) test
	$(MAKE) test-pg

TEMPLATES = $(shell git ls-files '*/templates/*.html' 'templates/*.html')

lint: install ## Lint and format check: ruff (Python) and djhtml (template indentation); `make format` fixes
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@$(BIN)/djhtml --check $(TEMPLATES)

format: install ## Format the Python code (ruff) and the templates' indentation (djhtml), fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATES)

install: $(VENV)/.installed ## Create the virtual environment and install the project (repeatable: requirements.lock)

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(MAKE) system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $@

browser-deps: ## Debian's Chromium and the npm packages the browser tests use (axe-core)
	@$(MAKE) --no-print-directory system-deps
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund

system-deps: ## Install the Debian packages the project needs and the machine lacks (venv, chromium, npm, WeasyPrint's Pango)
	@pkgs="$$($(PYTHON) -c 'import ensurepip' 2>/dev/null || echo python3-venv) \
	  $$(test -x /usr/bin/chromium || echo chromium) \
	  $$(command -v npm >/dev/null || echo npm) \
	  $$(ldconfig -p | grep -q libpango-1.0 || echo libpango-1.0-0 libpangoft2-1.0-0) \
	  $$(fc-list 2>/dev/null | grep -qi dejavu || echo fonts-dejavu-core)"; \
	pkgs="$$(echo $$pkgs)"; \
	if [ -n "$$pkgs" ]; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$pkgs; \
	fi

bench: install ## Benchmark on PostgreSQL + Redis with gunicorn and wrk (BENCH_ARGS="--scale 1 --duration 10 --repeat 3")
	@command -v wrk >/dev/null || (DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends wrk)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-markdown: install ## Worst-case Markdown rendering time per field (pathological inputs; writes bench/results/markdown.md)
	$(BIN)/python bench/render_time.py

multi-machine: install ## Two web processes and two q2 clusters on one PostgreSQL and Redis: sessions, emails once, shared cache
	$(BIN)/python bench/multi_machine.py

faults: install ## Fault drills on PostgreSQL (PG_URL; Redis optional): q2 killed, mail server down, PostgreSQL restart, backup/restore
	LT_FAULTS=1 DATABASE_URL=$(PG_URL)/$(PG_DB) TEST_DATABASE_NAME=$(PG_DB) $(BIN)/python -m pytest -s -p no:cacheprovider tests/faults; \
	status=$$?; psql "$(PG_URL)/postgres" -qc 'DROP DATABASE IF EXISTS "$(PG_DB)"' >/dev/null 2>&1; [ $$status = 0 ] || exit $$status
	$(BIN)/python scripts/faults/pg_restart_drill.py
	scripts/faults/backup_restore_check.sh $(PG_URL)

audit: ## Check the locked dependencies for known vulnerabilities (pip-audit; needs the vulnerability databases online)
	rm -rf /tmp/leeratelier-audit && $(PYTHON) -m venv /tmp/leeratelier-audit
	/tmp/leeratelier-audit/bin/pip install --quiet pip-audit
	/tmp/leeratelier-audit/bin/pip-audit --requirement requirements.lock --disable-pip --no-deps

bench-data: install ## Only the benchmark dataset, on the database of DATABASE_URL (SCALE=1)
	$(BIN)/python manage.py make_bench_data --scale $${SCALE:-1}

messages: install ## Extract UI strings into the nl/en catalogues and compile them
	$(BIN)/python manage.py makemessages -l nl -l en -e html,py,txt --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'static_collected/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv' --ignore 'node_modules'

b1: ## Check that the Dutch interface text is B1 (Flesch-Douma: average 65 or more, none below 40)
	$(BIN)/python scripts/b1_check.py

check-migrations: install ## Fail when models and migrations differ
	$(BIN)/python manage.py makemigrations --check --dry-run

clean: ## Remove the virtual environment, node_modules and the demo database
	rm -rf $(VENV) node_modules db.sqlite3 media .test-media

lock: ## Re-pin requirements.lock from a clean virtual environment
	rm -rf /tmp/leeratelier-lock && $(PYTHON) -m venv /tmp/leeratelier-lock
	/tmp/leeratelier-lock/bin/pip install --quiet -e ".[test]"
	{ sed -n '1,2p' requirements.lock; /tmp/leeratelier-lock/bin/pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
