# Bulletin: `make site` builds the sample bulletin, `make test` checks everything.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve comments bench lint typecheck pytest install clean

site: $(STAMP)
	$(BIN)/mkdocs build --strict --clean
	@echo "Built the sample bulletin into site/. Open it with: make serve (live preview)"
	@echo "or: $(BIN)/python -m http.server -d site 8000, then http://127.0.0.1:8000/"

# The preview writes the whole site at every saved change into a folder of its own, thrown
# away at the end: in memory (/dev/shm) where there is one, which writes files many times faster.
PREVIEW_TMPDIR := $(shell test -d /dev/shm -a -w /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp})

serve: $(STAMP)
	TMPDIR=$(PREVIEW_TMPDIR) $(BIN)/mkdocs serve --no-strict

# Reader comments for the preview: accepts posts from `make serve` (port 8000) into var/.
comments: $(STAMP)
	$(BIN)/python scripts/comments.py serve --db var/comments.sqlite3 --host 127.0.0.1 --port 8081 --articles http://127.0.0.1:8000/bulletin/comments/articles.json --origin http://127.0.0.1:8000

# Measurements, never part of `make test`: see bench/. BENCH_ARGS=--quick tries it (N = 200).
bench: $(STAMP)
	$(BIN)/python bench/comments_load.py
	$(BIN)/python bench/site_bench.py $(BENCH_ARGS)
	$(BIN)/python bench/preview_bench.py --size $(if $(findstring --quick,$(BENCH_ARGS)),200,1000)
	$(BIN)/mkdocs build --strict --quiet && $(BIN)/python bench/lighthouse.py site

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench

typecheck: $(STAMP)
	$(BIN)/mypy src

pytest: $(STAMP)
	$(BIN)/pytest -q

install: $(STAMP)

# The virtual environment, with the exact versions of requirements/constraints.txt.
$(STAMP): pyproject.toml requirements/constraints.txt package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund; fi
	touch $(STAMP)

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
