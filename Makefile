# Two commands do all set-up:  `make seed` builds the graph of seeds/, `make test` runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLAIN := .venv-plain

.PHONY: seed test lint install install-test browser plain-install-check clean

$(BIN)/kg: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[all]'
	touch $(BIN)/kg

install: $(BIN)/kg

seed: install
	$(BIN)/kg build seeds --out kg-out

# Debian's chromium for the browser tests (never a browser download), installed when root;
# otherwise the browser tests are skipped (pytest names the reason) and this says what to run
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "note: chromium is missing, and installing it needs root: run 'sudo apt-get install chromium'" \
			"(Debian/Ubuntu), then 'make test' again; until then the browser tests are skipped"; \
	fi

# `pip install .` (the wheel, core dependencies only) builds the same graphs as .venv's
# `pip install -e '.[all]'`: seeds/ and tests/data/reference/articles/, every file compared
plain-install-check: install
	$(BIN)/python scripts/check_plain_install.py --venv $(PLAIN)

test: install browser lint plain-install-check
	$(BIN)/python -m pytest -q -rs

# static checks, pinned versions (part of `make test`)
lint: install
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/ruff check kg scripts tests
	$(BIN)/mypy kg --ignore-missing-imports

clean:
	rm -rf $(VENV) $(PLAIN) kg-out
