# Two commands do everything: `make run` and `make test`. Both set up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system test-system lint typecheck pytest clean

run: setup
	$(BIN)/interview-sim

test: setup test-system lint typecheck pytest

setup: system $(STAMP)

system:
	@scripts/ensure-system-packages.sh

# For the tests: real human speech with reference transcripts (LibriVox clips), and tmux to
# run the real app in a terminal.
test-system:
	@scripts/ensure-system-packages.sh pocketsphinx-testdata tmux

# Reinstalls only when the project's dependencies change.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "interview-sim needs Python 3.11 or newer (found: $$($(PYTHON) --version))" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

lint:
	$(BIN)/ruff check simulator tests benchmarks
	$(BIN)/ruff format --check simulator tests benchmarks
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
