# doxwacht: `make demo` scans the bundled example, `make test` runs the tests.
# Both create .venv when it is missing and install the package into it once; the install is
# repeated only when pyproject.toml changes (the stamp file records the last install).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.doxwacht-installed

.PHONY: demo test install clean-venv

demo: $(STAMP)
	$(BIN)/doxwacht scan examples/telegram_export/result.json --format table

test: $(STAMP)
	$(BIN)/pytest

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

clean-venv:
	rm -rf $(VENV)
