# qms — two commands do all set-up:  make run   and   make test
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
STAMP := $(VENV)/.installed
PO := $(wildcard qms/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install translations extract-messages bench clean help postgres-binaries

help:
	@echo "make run    install, migrate, load the demo organisation, serve http://127.0.0.1:5000"
	@echo "make test   install and run every test, browser tests included"
	@echo "make translations   extract messages and update the catalogues"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) $(MO)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -f -i $< -o $@

run: install
	$(BIN)/qms init
	$(BIN)/qms demo --if-empty
	$(BIN)/qms serve --host 127.0.0.1 --port 5000

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; \
	else echo "Chromium is missing: install it (apt-get install chromium) or set CHROMIUM=path"; exit 1; fi

postgres-binaries:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib; \
	  else echo "PostgreSQL server binaries are missing: install postgresql"; exit 1; fi; }

# axe-core for the accessibility tests, pinned in tests/e2e/package-lock.json; installed once
# (the stamp is rebuilt only when the lock file changes).
AXE := tests/e2e/node_modules/axe-core/axe.min.js
$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; \
	  else echo "npm is missing: install Node.js and npm (apt-get install npm)"; exit 1; fi; }
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	touch $(AXE)

# The whole suite (browser tests included) on SQLite, then the database tests again on a
# throwaway PostgreSQL cluster.
test: install $(CHROMIUM) $(AXE) postgres-binaries
	QMS_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)
	$(BIN)/pytest -p no:cacheprovider --postgres -m "not e2e" -q $(PYTEST_ARGS)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_pgettext:1c,2 --ignore-dirs='.* .venv instance' -o qms/translations/messages.pot --no-location --sort-output --omit-header .

translations: extract-messages
	$(BIN)/pybabel update -i qms/translations/messages.pot -d qms/translations --no-fuzzy-matching --ignore-obsolete

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
