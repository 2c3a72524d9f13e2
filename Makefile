# The two commands of the README: `make up` (install and run the site) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install up test check format

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

up: install
	$(VENV)/bin/fakefree up

check: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

test: check
	$(VENV)/bin/pytest

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
