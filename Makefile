# Bulletin: `make site` builds the sample bulletin, `make test` checks everything.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The site generator: mkdocs (MkDocs 1.6.1, the default) or properdocs (ProperDocs, MkDocs 1.6
# continued by its maintainers), as in `make test GENERATOR=properdocs`; README: "Dependencies, and why".
GENERATOR ?= mkdocs
ifeq ($(filter $(GENERATOR),mkdocs properdocs),)
$(error GENERATOR is mkdocs or properdocs, not "$(GENERATOR)")
endif
STAMP := $(VENV)/.installed-$(GENERATOR)

.PHONY: site test serve comments bench lint typecheck pytest install clean

site: $(STAMP)
	$(BIN)/$(GENERATOR) build --strict --clean -f "$(CURDIR)/mkdocs.yml"
	@echo "Built the sample bulletin into site/. Open it with: make serve (live preview)"
	@echo "or: $(BIN)/python -m http.server -d site 8000, then http://127.0.0.1:8000/"

# The preview writes the whole site at every saved change into a folder of its own, thrown
# away at the end: in memory (/dev/shm) where there is one, which writes files many times faster.
PREVIEW_TMPDIR := $(shell test -d /dev/shm -a -w /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp})

serve: $(STAMP)
	TMPDIR=$(PREVIEW_TMPDIR) $(BIN)/$(GENERATOR) serve --no-strict -f "$(CURDIR)/mkdocs.yml"

# Reader comments for the preview: accepts posts from `make serve` (port 8000) into var/.
comments: $(STAMP)
	$(BIN)/python scripts/comments.py serve --db var/comments.sqlite3 --host 127.0.0.1 --port 8081 --articles http://127.0.0.1:8000/bulletin/comments/articles.json --origin http://127.0.0.1:8000

# Measurements, never part of `make test`: see bench/. BENCH_ARGS=--quick tries it (N = 200;
# the archive scale, N = 300). At 50,000 and 100,000 articles: 10-20 minutes and GBs a size.
bench: $(STAMP)
	$(BIN)/python bench/comments_load.py
	$(BIN)/python bench/site_bench.py $(BENCH_ARGS)
	$(BIN)/python bench/scale_bench.py $(if $(findstring --quick,$(BENCH_ARGS)),--quick,--sizes 50000,100000)
	cd bench && ../$(BIN)/python workers_bench.py --size $(if $(findstring --quick,$(BENCH_ARGS)),200,10000) --rounds 1
	$(BIN)/python bench/preview_bench.py --size $(if $(findstring --quick,$(BENCH_ARGS)),200,1000)
	cd bench && ../$(BIN)/python photos_bench.py $(if $(findstring --quick,$(BENCH_ARGS)),--quick,--sizes 1000,10000)
	$(BIN)/mkdocs build --strict --quiet && $(BIN)/python bench/lighthouse.py site

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench

typecheck: $(STAMP)
	$(BIN)/mypy src

pytest: $(STAMP)
	BULLETIN_GENERATOR=$(GENERATOR) $(BIN)/pytest -q

install: $(STAMP)

# The virtual environment, with the exact versions of requirements/constraints.txt; with
# GENERATOR=properdocs, ProperDocs too (requirements/properdocs.txt), beside MkDocs.
$(STAMP): pyproject.toml requirements/constraints.txt requirements/properdocs.txt package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]' $(if $(filter properdocs,$(GENERATOR)),-r requirements/properdocs.txt)
	if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund; fi
	touch $(STAMP)

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
