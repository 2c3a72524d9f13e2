# The two commands of the README: `make up` (install and run the site) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: install up test check format browser-deps translations bench

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

# Interface strings: extract them (babel.cfg) into messages.pot, merge into each language's
# messages.po, compile the .mo files (committed, so that an install needs no compile step).
# Translate the empty msgstr, then run it again. A new language: see README, Languages.
I18N := fakefree/site/translations
translations: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k lazy_gettext -k lazy_ngettext:1,2 \
		--no-location --sort-output --project=fakefree -o $(I18N)/messages.pot .
	$(VENV)/bin/pybabel update -i $(I18N)/messages.pot -d $(I18N) \
		--ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date
	$(VENV)/bin/pybabel compile -d $(I18N) --statistics

# Every benchmark in benchmarks/, one table of figures (docs/RELIABILITY.md). Minutes to hours:
# SCALE=10k (default), 100k or 1m; ONLY=ingest,load,... to run a few.
SCALE ?= 10k
bench: install
	cd benchmarks && ../$(PY) run_all.py --scale $(SCALE) $(if $(ONLY),--only $(ONLY))

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
