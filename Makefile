# doxwacht: `make demo` scans the bundled example, `make test` runs the tests.
# Both create .venv when it is missing and install the package into it once; the install is
# repeated only when pyproject.toml changes (the stamp file records the last install).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.doxwacht-installed

.PHONY: demo test install bench eval lint clean-venv

demo: $(STAMP)
	$(BIN)/doxwacht scan examples/telegram_export/result.json --format table

test: $(STAMP)
	$(BIN)/pytest

install: $(STAMP)

# figures: scan throughput, memory and start-up against the floors, beside Presidio when installed
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/bench_scan.py

# precision, recall and F1 per label on the development and held-out gold sets
eval: $(STAMP)
	$(BIN)/python eval/run_pii.py

# lint (rules in pyproject.toml: pyflakes, pycodestyle, bugbear, pyupgrade)
lint: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/ruff check src tests bench eval scripts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

clean-venv:
	rm -rf $(VENV)
