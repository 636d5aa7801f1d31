# Two entry points for a fresh clone: `make run` and `make test`.
# Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The main job on the shipped plan: validate it, the month's RAG summary, the board paper.
run: $(STAMP)
	$(BIN)/g2g validate plans
	$(BIN)/g2g rag plans
	mkdir -p out
	$(BIN)/g2g report plans --output out/board-paper.html

# The whole test suite, with lint and type checks.
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest
