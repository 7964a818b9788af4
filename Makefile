# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Each install is redone only when pyproject.toml changes, so a second `make run` starts at once.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test install lint bench

$(BIN)/python:
	@echo "==> Creating the virtual environment $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	@echo "==> Installing Tisserand and a local Synapse for the demo (first run only: 1-2 minutes)"
	$(BIN)/pip install --disable-pip-version-check --progress-bar on -e '.[demo]'
	@touch $@

# The test tools include everything `run` needs.
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	@echo "==> Installing Tisserand with its test tools (pytest, Synapse, ruff, mypy)"
	$(BIN)/pip install --disable-pip-version-check --progress-bar on -e '.[test]'
	@touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)

## Runs the bot; with no homeserver configured, starts a local demo Synapse first.
run: $(RUN_STAMP)
	$(BIN)/tisserand run-or-demo

## Installs everything and runs the whole test suite (lint and types included).
test: $(TEST_STAMP)
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium) \
		|| echo "chromium missing: the browser test will be skipped"
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n 2 --dist loadfile

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(TEST_STAMP)
	$(BIN)/python -m bench
