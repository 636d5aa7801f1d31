# Two entry points for a fresh clone: `make run` and `make test`; the others are for developers
# (see CONTRIBUTING.md). Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CODE := src tests benchmarks

.PHONY: run test lint fmt golden docs bench

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
	$(BIN)/g2g report plans/oldham-2019 --board scrutiny --output out/board-paper.html
	$(BIN)/g2g report plans/oldham-2019 --board scrutiny --format docx --output out/board-paper.docx
	@if command -v chromium >/dev/null || [ -n "$$G2G_CHROMIUM" ]; then \
		$(BIN)/g2g report plans/oldham-2019 --board scrutiny --format pdf --output out/board-paper.pdf; \
	else echo "make run: no PDF paper - it needs Chromium (sudo apt-get install chromium; see README)"; fi
	$(BIN)/g2g report plans/oldham-2019 --board scrutiny --private --output out/board-paper-private.html

# The whole test suite, with lint and type checks (the wheel-install test included; leave it
# out while developing with: .venv/bin/pytest -m "not install").
test: lint
	$(BIN)/pytest

# Lint, formatting, types (mypy --strict) and the layers contract (import-linter): no tests.
lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy
	$(BIN)/lint-imports

# Format the code and apply ruff's safe fixes (import order, modern syntax).
fmt: $(STAMP)
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

# Rewrite the goldens (tests/golden/) from the code as it is now; review the diff before
# committing it. Runs every test module that reads the switch, found by grep, so a new golden
# test is covered without editing this (tests/test_golden_target.py checks it).
golden: $(STAMP)
	G2G_UPDATE_GOLDEN=1 $(BIN)/pytest -q $$(grep -rl --include='test_*.py' G2G_UPDATE_GOLDEN tests)
	git --no-pager diff --stat -- tests/golden

# Regenerate what the docs take from the code: docs/cli.md (every command's --help) and the
# field reference in docs/format.md (the models' docstrings).
docs: $(STAMP)
	$(BIN)/python -m g2g.cli.reference docs/cli.md
	$(BIN)/python -m g2g.plan.reference docs/format.md
	git --no-pager diff --stat -- docs

# The benchmarks (benchmarks/README.md): start-up on the everyday case, then the scale runs.
# Quick: make bench BENCH_SIZES=S,M
BENCH_SIZES ?= S,M,L
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_scale.py --sizes $(BENCH_SIZES)
