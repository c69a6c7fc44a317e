# Two commands: `make test` and `make paper`. Everything runs inside .venv/,
# built from requirements.lock; a target whose inputs have not changed does nothing.
# `make` alone lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed-from-lock
UV := .make/uv/bin/uv

ANALYSIS := $(wildcard analysis/*.py analysis/figures/*.py) data/published/claims.csv
NOTEBOOKS := $(patsubst %.py,%.ipynb,$(wildcard notebooks/[0-9]*.py))

# The respondent file in use: $PAPER_DATA or the shipped reconstruction. Its name
# is kept in .make/paper-data so that switching files re-renders, and only then.
# A relative PAPER_DATA is taken from here, whatever folder a tool runs in.
ifdef PAPER_DATA
export PAPER_DATA := $(abspath $(PAPER_DATA))
endif
PAPER_DATA_FILE := $(if $(PAPER_DATA),$(PAPER_DATA),data/responses.csv)
PAPER_INPUTS := paper.qmd _quarto.yml references.bib $(wildcard styles/*) $(ANALYSIS) \
	$(shell find render -name '*.py' -o -name '*.lua' -o -name '*.typ*' -o -name '*.html' -o -name '*.css' -o -name '*.js') \
	$(PAPER_DATA_FILE) .make/paper-data .make/render-commit requirements.lock

# Python caches compiled modules as it imports them, even where the shell says
# not to: without that cache every process recompiles pandas, scipy and
# statsmodels (about 5 s each time). make env precompiles the ones a render
# imports (tools/precompile.py); all of .venv would cost 30 s.
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help env lock lint test paper preview bench screenshot archive data figures notebooks mutate clean FORCE

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

env: $(ENV_STAMP) ## build .venv/ from requirements.lock (hashes checked; uv, else pip)

# Rebuilt only when the lock changes.
$(ENV_STAMP): requirements.lock requirements-bootstrap.txt tools/setup-env
	@PYTHON=$(PYTHON) tools/setup-env
	@touch $@

lock: ## re-resolve requirements.txt into requirements.lock (uv pip compile, hashes, all platforms), rebuild .venv
	@test -x $(UV) || PYTHON=$(PYTHON) tools/setup-env
	$(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes requirements.txt -o requirements.lock
	$(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes --no-header requirements-bootstrap.in -o requirements-bootstrap.txt
	@$(MAKE) --no-print-directory env
	$(PY) tools/precompile.py --record

lint: $(ENV_STAMP) ## ruff over the code, the notebooks' sources and the tests
	$(VENV)/bin/ruff check .

test: lint ## every test: pytest, nbval over the notebooks, the browser checks where Chromium is installed
	$(PY) -m pytest

# The manuscript in _manuscript/ (HTML, PDF, DOCX) and the figure files in figures/.
# quarto render when Quarto >= 1.4 is on PATH, else the no-Quarto path; it says which.
paper: _manuscript/index.html ## render the paper to _manuscript/ and the figures to figures/ (FRESH=1: ignore the cache)
_manuscript/index.html: $(PAPER_INPUTS) $(if $(FRESH),FORCE) | $(ENV_STAMP)
	$(PY) -m render paper.qmd --figures figures $(if $(FRESH),--fresh)

preview: $(ENV_STAMP) ## serve the paper on 127.0.0.1 (PORT=4321), re-render on every saved change, reload the page
	$(PY) -m render.preview paper.qmd --figures figures --port $(or $(PORT),4321)

archive: _manuscript/index.html ## the package as an RO-Crate (dist/*.crate.zip): data, code, lock, outputs, how they were made
	$(PY) tools/archive.py

screenshot: docs/popover.png ## the README's picture of the page with a popover open (needs Chromium)
docs/popover.png: _manuscript/index.html render/screenshot.py
	$(PY) -m render.screenshot

mutate: $(ENV_STAMP) ## mutation testing (mutmut) of the modules the numbers pass through; slow, writes MUTATION.md
	rm -rf mutants
	$(PY) -m mutmut run --max-children 2 > /dev/null
	$(PY) tools/mutation_report.py

bench: $(ENV_STAMP) ## time the render path against its floor and a fresh clone's setup; writes docs/benchmark.md
	$(PY) -m render.bench

.make/paper-data: FORCE
	@mkdir -p .make
	@echo '$(abspath $(PAPER_DATA_FILE))' | cmp -s - $@ || echo '$(abspath $(PAPER_DATA_FILE))' > $@

# The commit every output is stamped with, as render/__main__.py words it: HEAD, marked when the
# tracked files differ from it. Rewritten only when that changes, so a commit re-stamps the outputs
# (from the execution cache: no chunk runs again) and nothing else does.
.make/render-commit: FORCE
	@mkdir -p .make
	@stamp="$$(git rev-parse HEAD 2>/dev/null || echo 'not a git checkout')$$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ' with uncommitted changes')"; \
	echo "$$stamp" | cmp -s - $@ || echo "$$stamp" > $@

data: data/responses.csv ## reconstruct data/responses.csv from the claims ledger
data/responses.csv data/datapackage.json &: data/published/claims.csv analysis/reconstruct.py analysis/codebook.py | $(ENV_STAMP)
	$(PY) -m analysis reconstruct

figures: figures/fig_audit.svg ## write the figure files (PNG and JPEG at 300 dpi, SVG) without rendering the paper
figures/fig_audit.svg: $(ANALYSIS) data/responses.csv | $(ENV_STAMP)
	$(PY) -m analysis figures

notebooks: $(NOTEBOOKS) ## re-execute the notebooks from their notebooks/*.py sources
notebooks/%.ipynb: notebooks/%.py $(ANALYSIS) data/responses.csv | $(ENV_STAMP)
	$(PY) -m render.notebooks $<

clean: ## remove the environment, the rendered paper and every cache
	rm -rf $(VENV) _manuscript .make .pytest_cache .hypothesis .ruff_cache mutants
