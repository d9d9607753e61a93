# Two commands do all set-up:  `make seed` builds the graph of seeds/, `make test` runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: seed test lint install install-test browser clean

$(BIN)/kg: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[all]'
	touch $(BIN)/kg

install: $(BIN)/kg

seed: install
	$(BIN)/kg build seeds --out kg-out

# Debian's chromium for the browser tests (never a browser download)
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install browser lint
	$(BIN)/python -m pytest -q

# static checks, pinned versions (part of `make test`)
lint: install
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/ruff check kg scripts tests
	$(BIN)/mypy kg --ignore-missing-imports

clean:
	rm -rf $(VENV) kg-out
