# The two commands of the README: `make up` (install and run the site) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: install up test check format browser-deps

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# axe-core for the browser tests, from the npm registry into tests/browser/node_modules.
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

# What the browser tests need besides the venv; Chromium itself is Debian's (.ci/run installs it).
# Without npm (a developer machine) the browser tests skip; under CI=true they fail instead.
browser-deps: install
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(AXE); \
	else echo "npm not found: browser tests will be skipped (see README)"; fi

up: install
	$(VENV)/bin/fakefree up

check: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

test: check browser-deps
	$(VENV)/bin/pytest

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
